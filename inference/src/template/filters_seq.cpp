// Filters on sequences and mappings, and the registry that finds filters.

#include "template/errors.h"
#include "template/filters.h"
#include "template/operators.h"
#include "template/text.h"

#include <algorithm>

namespace hearth::tmpl {

std::vector<Value> filterItems(const Value& v, std::string_view filter)
{
    if (v.isNone() || v.isNumber() || v.isObject() || v.isFunction())
        fail(std::string(filter) + "(): '" + v.typeName() + "' object is not iterable");
    return iterate(v);
}

Value comparisonKey(const Value& item, const std::optional<std::string>& attribute, bool caseSensitive)
{
    Value key = attribute ? lookupAttributePath(item, *attribute) : item;
    if (!caseSensitive && key.isString())
        return Value(pyLower(key.str()));
    return key;
}

namespace {

Value fLength(const Value& v, CallArgs& args)
{
    BoundArgs a("length", args, {});
    switch (v.kind()) {
    case Value::Kind::Undefined: return Value(0);
    case Value::Kind::String: return Value(codePointCount(v.str()));
    case Value::Kind::List:
    case Value::Kind::Tuple: return Value(v.items().items.size());
    case Value::Kind::Dict: return Value(v.dictData().entries.size());
    default: fail("object of type '" + v.typeName() + "' has no len()");
    }
}

Value fFirst(const Value& v, CallArgs& args)
{
    BoundArgs a("first", args, {});
    std::vector<Value> items = filterItems(v, "first");
    return items.empty() ? Value::undefined("No first item, sequence was empty.") : items.front();
}

Value fLast(const Value& v, CallArgs& args)
{
    BoundArgs a("last", args, {});
    std::vector<Value> items = filterItems(v, "last");
    return items.empty() ? Value::undefined("No last item, sequence was empty.") : items.back();
}

Value fList(const Value& v, CallArgs& args)
{
    BoundArgs a("list", args, {});
    return Value::list(filterItems(v, "list"));
}

Value fJoin(const Value& v, CallArgs& args)
{
    BoundArgs a("join", args, {"d", "attribute"});
    const std::string separator = a.string(0, "");
    const std::optional<std::string> attribute = a.optionalString(1);
    std::string out;
    bool first = true;
    for (const Value& item : filterItems(v, "join")) {
        if (!first)
            out += separator;
        first = false;
        out += toStr(attribute ? lookupAttributePath(item, *attribute) : item);
    }
    return Value(std::move(out));
}

Value fItems(const Value& v, CallArgs& args)
{
    BoundArgs a("items", args, {});
    if (v.isUndefined())
        return Value::list();
    if (!v.isDict())
        fail("Can only get item pairs from a mapping.");
    std::vector<Value> out;
    for (const auto& [key, value] : v.dictData().entries)
        out.push_back(Value::tuple({key, value}));
    return Value::list(std::move(out));
}

Value fDictsort(const Value& v, CallArgs& args)
{
    BoundArgs a("dictsort", args, {"case_sensitive", "by", "reverse"});
    if (!v.isDict())
        fail("dictsort(): expected a mapping, got '" + v.typeName() + "'");
    const bool caseSensitive = a.boolean(0, false);
    const std::string by = a.string(1, "key");
    if (by != "key" && by != "value")
        fail("You can only sort by either \"key\" or \"value\"");
    const size_t pos = by == "key" ? 0 : 1;
    std::vector<Value> pairs;
    for (const auto& [key, value] : v.dictData().entries)
        pairs.push_back(Value::tuple({key, value}));
    std::stable_sort(pairs.begin(), pairs.end(), [&](const Value& x, const Value& y) {
        return lessThan(comparisonKey(x.items().items[pos], std::nullopt, caseSensitive),
            comparisonKey(y.items().items[pos], std::nullopt, caseSensitive));
    });
    if (a.boolean(2, false))
        std::reverse(pairs.begin(), pairs.end());
    return Value::list(std::move(pairs));
}

Value fSort(const Value& v, CallArgs& args)
{
    BoundArgs a("sort", args, {"reverse", "case_sensitive", "attribute"});
    const bool reverse = a.boolean(0, false);
    const bool caseSensitive = a.boolean(1, false);
    const std::optional<std::string> attribute = a.optionalString(2);
    std::vector<Value> items = filterItems(v, "sort");
    std::vector<std::pair<Value, Value>> keyed;
    for (auto& item : items)
        keyed.emplace_back(comparisonKey(item, attribute, caseSensitive), std::move(item));
    // Python's sort(reverse=True) keeps equal items in their original order.
    std::stable_sort(keyed.begin(), keyed.end(), [&](const auto& x, const auto& y) {
        return reverse ? lessThan(y.first, x.first) : lessThan(x.first, y.first);
    });
    std::vector<Value> out;
    for (auto& entry : keyed)
        out.push_back(std::move(entry.second));
    return Value::list(std::move(out));
}

Value fUnique(const Value& v, CallArgs& args)
{
    BoundArgs a("unique", args, {"case_sensitive", "attribute"});
    const bool caseSensitive = a.boolean(0, false);
    const std::optional<std::string> attribute = a.optionalString(1);
    std::vector<Value> seen;
    std::vector<Value> out;
    for (auto& item : filterItems(v, "unique")) {
        Value key = comparisonKey(item, attribute, caseSensitive);
        if (key.isList() || key.isDict())
            fail("unhashable type: '" + key.typeName() + "'"); // Jinja keeps the seen keys in a set
        if (std::none_of(seen.begin(), seen.end(), [&](const Value& s) { return equals(s, key); })) {
            seen.push_back(std::move(key));
            out.push_back(std::move(item));
        }
    }
    return Value::list(std::move(out));
}

Value fReverse(const Value& v, CallArgs& args)
{
    BoundArgs a("reverse", args, {});
    if (v.isString()) {
        std::vector<std::string> chars = codePoints(v.str());
        std::string out;
        for (auto it = chars.rbegin(); it != chars.rend(); ++it)
            out += *it;
        return Value(std::move(out));
    }
    std::vector<Value> items = filterItems(v, "reverse");
    std::reverse(items.begin(), items.end());
    return Value::list(std::move(items));
}

Value fMap(const Value& v, CallArgs& args)
{
    // Like Jinja, a falsy value (none, false, 0) maps to nothing rather than failing.
    std::vector<Value> items = v.truthy() ? filterItems(v, "map") : std::vector<Value>{};
    std::vector<Value> out;
    if (args.positional.empty()) {
        BoundArgs a("map", args, {"attribute", "default"}, 1);
        const std::string attribute = toStr(a[0]);
        for (const auto& item : items) {
            Value mapped = lookupAttributePath(item, attribute);
            out.push_back(mapped.isUndefined() && a.has(1) ? a[1] : mapped);
        }
        return Value::list(std::move(out));
    }
    const std::string name = toStr(args.positional[0]);
    const FilterFunction filter = findFilter(name);
    if (!filter)
        fail("map(): unknown filter '" + name + "'");
    CallArgs rest{{args.positional.begin() + 1, args.positional.end()}, args.keywords};
    for (const auto& item : items) {
        CallArgs copy = rest;
        out.push_back(filter(item, copy));
    }
    return Value::list(std::move(out));
}

// select/reject(test, *args) and selectattr/rejectattr(attr, test, *args).
Value selectImpl(const Value& v, CallArgs& args, bool keep, bool byAttribute, const char* name)
{
    std::vector<Value> positional = args.positional;
    std::optional<std::string> attribute;
    if (byAttribute) {
        if (positional.empty())
            fail(std::string(name) + "() missing required argument 'attribute'");
        attribute = toStr(positional.front());
        positional.erase(positional.begin());
    }
    TestFunction test = nullptr;
    if (!positional.empty()) {
        const std::string testName = toStr(positional.front());
        test = findTest(testName);
        if (!test)
            fail(std::string(name) + "(): unknown test '" + testName + "'");
        positional.erase(positional.begin());
    }
    std::vector<Value> out;
    if (!v.truthy())
        return Value::list(); // Jinja selects nothing from none/false/0 instead of failing
    for (auto& item : filterItems(v, name)) {
        const Value subject = attribute ? lookupAttributePath(item, *attribute) : item;
        bool passed;
        if (test) {
            CallArgs testArgs{positional, args.keywords};
            passed = test(subject, testArgs);
        } else {
            passed = subject.truthy();
        }
        if (passed == keep)
            out.push_back(std::move(item));
    }
    return Value::list(std::move(out));
}

Value fSelect(const Value& v, CallArgs& args) { return selectImpl(v, args, true, false, "select"); }
Value fReject(const Value& v, CallArgs& args) { return selectImpl(v, args, false, false, "reject"); }
Value fSelectattr(const Value& v, CallArgs& args) { return selectImpl(v, args, true, true, "selectattr"); }
Value fRejectattr(const Value& v, CallArgs& args) { return selectImpl(v, args, false, true, "rejectattr"); }

Value fBatch(const Value& v, CallArgs& args)
{
    BoundArgs a("batch", args, {"linecount", "fill_with"}, 1);
    const std::int64_t count = a.integer(0, 1);
    if (count <= 0)
        fail("batch(): linecount must be positive");
    std::vector<Value> out;
    std::vector<Value> current;
    for (auto& item : filterItems(v, "batch")) {
        if (static_cast<std::int64_t>(current.size()) == count) {
            out.push_back(Value::list(std::move(current)));
            current.clear();
        }
        current.push_back(std::move(item));
    }
    if (!current.empty()) {
        if (a.has(1) && !a[1].isNone())
            while (static_cast<std::int64_t>(current.size()) < count)
                current.push_back(a[1]);
        out.push_back(Value::list(std::move(current)));
    }
    return Value::list(std::move(out));
}

Value fSum(const Value& v, CallArgs& args)
{
    BoundArgs a("sum", args, {"attribute", "start"});
    const std::optional<std::string> attribute = a.optionalString(0);
    Value total = a.get(1, Value(0));
    for (const auto& item : filterItems(v, "sum"))
        total = binaryOp(BinaryOp::Add, total, attribute ? lookupAttributePath(item, *attribute) : item);
    return total;
}

Value minMax(const Value& v, CallArgs& args, bool wantMax, const char* name)
{
    BoundArgs a(name, args, {"case_sensitive", "attribute"});
    const bool caseSensitive = a.boolean(0, false);
    const std::optional<std::string> attribute = a.optionalString(1);
    std::vector<Value> items = filterItems(v, name);
    if (items.empty())
        return Value::undefined("No aggregated item, sequence was empty.");
    size_t best = 0;
    Value bestKey = comparisonKey(items[0], attribute, caseSensitive);
    for (size_t i = 1; i < items.size(); ++i) {
        Value key = comparisonKey(items[i], attribute, caseSensitive);
        if (wantMax ? lessThan(bestKey, key) : lessThan(key, bestKey)) {
            best = i;
            bestKey = std::move(key);
        }
    }
    return items[best];
}

Value fMax(const Value& v, CallArgs& args) { return minMax(v, args, true, "max"); }
Value fMin(const Value& v, CallArgs& args) { return minMax(v, args, false, "min"); }

Value fDefault(const Value& v, CallArgs& args)
{
    BoundArgs a("default", args, {"default_value", "boolean"});
    const bool boolean = a.boolean(1, false);
    if (v.isUndefined() || (boolean && !v.truthy()))
        return a.get(0, Value(""));
    return v;
}

Value fAttr(const Value& v, CallArgs& args)
{
    BoundArgs a("attr", args, {"name"}, 1);
    const std::string name = toStr(a[0]);
    // Python attributes only: a dict's keys are not attributes of it.
    if (v.isDict() && !hasMethod(v, name))
        return Value::undefined("'dict object' has no attribute '" + name + "'");
    return getAttr(v, name);
}

FilterTable buildTable()
{
    FilterTable t;
    addTextFilters(t);
    addSequenceFilters(t);
    return t;
}

} // namespace

void addSequenceFilters(FilterTable& t)
{
    t["length"] = fLength;
    t["count"] = fLength;
    t["first"] = fFirst;
    t["last"] = fLast;
    t["list"] = fList;
    t["join"] = fJoin;
    t["items"] = fItems;
    t["dictsort"] = fDictsort;
    t["sort"] = fSort;
    t["unique"] = fUnique;
    t["reverse"] = fReverse;
    t["map"] = fMap;
    t["select"] = fSelect;
    t["reject"] = fReject;
    t["selectattr"] = fSelectattr;
    t["rejectattr"] = fRejectattr;
    t["batch"] = fBatch;
    t["sum"] = fSum;
    t["max"] = fMax;
    t["min"] = fMin;
    t["default"] = fDefault;
    t["d"] = fDefault;
    t["attr"] = fAttr;
}

FilterFunction findFilter(std::string_view name)
{
    static const FilterTable table = buildTable();
    const auto it = table.find(name);
    return it == table.end() ? nullptr : it->second;
}

} // namespace hearth::tmpl
