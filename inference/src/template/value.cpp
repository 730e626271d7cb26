#include "template/value.h"

#include "template/errors.h"
#include "template/text.h"

#include <algorithm>

namespace hearth::tmpl {

const Value* DictData::find(const Value& key) const
{
    for (const auto& [k, v] : entries)
        if (equals(k, key))
            return &v;
    return nullptr;
}

Value* DictData::find(const Value& key)
{
    for (auto& [k, v] : entries)
        if (equals(k, key))
            return &v;
    return nullptr;
}

const Value* DictData::findKey(std::string_view key) const
{
    for (const auto& [k, v] : entries)
        if (k.isString() && k.str() == key)
            return &v;
    return nullptr;
}

void DictData::set(const Value& key, Value value)
{
    if (Value* existing = find(key))
        *existing = std::move(value);
    else
        entries.emplace_back(key, std::move(value));
}

bool DictData::erase(const Value& key)
{
    for (auto it = entries.begin(); it != entries.end(); ++it) {
        if (equals(it->first, key)) {
            entries.erase(it);
            return true;
        }
    }
    return false;
}

namespace {

thread_local CycleBreaker* currentBreaker = nullptr;

// Moving the contents out first means they are destroyed after the object
// is already empty, so nothing can observe it half-cleared.
void emptyList(void* p) { auto doomed = std::move(static_cast<ListData*>(p)->items); }
void emptyDict(void* p) { auto doomed = std::move(static_cast<DictData*>(p)->entries); }
void emptyObject(void* p) { auto doomed = std::move(static_cast<ObjectData*>(p)->attrs.entries); }
void emptyFunction(void* p) { auto doomed = std::move(static_cast<FunctionData*>(p)->call); }

} // namespace

CycleBreaker::CycleBreaker() : previous_(currentBreaker)
{
    currentBreaker = this;
}

CycleBreaker::~CycleBreaker()
{
    currentBreaker = previous_;
    for (const Tracked& t : tracked_)
        if (const std::shared_ptr<void> object = t.object.lock())
            t.empty(object.get());
}

void CycleBreaker::track(const std::shared_ptr<void>& object, void (*empty)(void*))
{
    CycleBreaker* breaker = currentBreaker;
    if (!breaker)
        return;
    auto& tracked = breaker->tracked_;
    // Most objects are temporaries that are long gone; forget them now and
    // then so that a long render does not accumulate their bookkeeping.
    if (tracked.size() >= breaker->compactAt_) {
        std::erase_if(tracked, [](const Tracked& t) { return t.object.expired(); });
        breaker->compactAt_ = std::max<size_t>(1024, 2 * tracked.size());
    }
    tracked.push_back(Tracked{object, empty});
}

Value Value::undefined(std::string hint)
{
    Value v;
    v.data_ = std::move(hint);
    return v;
}

Value Value::list(std::vector<Value> items)
{
    Value v;
    v.kind_ = Kind::List;
    auto data = std::make_shared<ListData>(ListData{std::move(items)});
    CycleBreaker::track(data, emptyList);
    v.data_ = std::move(data);
    return v;
}

Value Value::tuple(std::vector<Value> items)
{
    Value v = list(std::move(items));
    v.kind_ = Kind::Tuple;
    return v;
}

Value Value::dict()
{
    Value v;
    v.kind_ = Kind::Dict;
    auto data = std::make_shared<DictData>();
    CycleBreaker::track(data, emptyDict);
    v.data_ = std::move(data);
    return v;
}

Value Value::object(std::string typeName)
{
    Value v;
    v.kind_ = Kind::Object;
    auto data = std::make_shared<ObjectData>(ObjectData{std::move(typeName), {}});
    CycleBreaker::track(data, emptyObject);
    v.data_ = std::move(data);
    return v;
}

Value Value::function(std::string name, NativeFunction call)
{
    Value v;
    v.kind_ = Kind::Function;
    auto data = std::make_shared<FunctionData>(FunctionData{std::move(name), std::move(call)});
    CycleBreaker::track(data, emptyFunction);
    v.data_ = std::move(data);
    return v;
}

std::int64_t Value::intValue() const
{
    if (kind_ == Kind::Bool)
        return std::get<bool>(data_) ? 1 : 0;
    return std::get<std::int64_t>(data_);
}

double Value::number() const
{
    switch (kind_) {
    case Kind::Bool: return std::get<bool>(data_) ? 1.0 : 0.0;
    case Kind::Int: return static_cast<double>(std::get<std::int64_t>(data_));
    case Kind::Float: return std::get<double>(data_);
    default: fail("expected a number, got '" + typeName() + "'");
    }
}

const std::string& Value::undefinedHint() const
{
    static const std::string none;
    if (const auto* s = std::get_if<std::string>(&data_))
        return *s;
    return none;
}

bool Value::truthy() const
{
    switch (kind_) {
    case Kind::Undefined:
    case Kind::None: return false;
    case Kind::Bool: return boolValue();
    case Kind::Int: return intValue() != 0;
    case Kind::Float: return number() != 0.0;
    case Kind::String: return !str().empty();
    case Kind::List:
    case Kind::Tuple: return !items().items.empty();
    case Kind::Dict: return !dictData().entries.empty();
    case Kind::Object:
    case Kind::Function: return true;
    }
    return false;
}

std::string Value::typeName() const
{
    switch (kind_) {
    case Kind::Undefined: return "Undefined";
    case Kind::None: return "NoneType";
    case Kind::Bool: return "bool";
    case Kind::Int: return "int";
    case Kind::Float: return "float";
    case Kind::String: return "str";
    case Kind::List: return "list";
    case Kind::Tuple: return "tuple";
    case Kind::Dict: return "dict";
    case Kind::Object: return objectData().typeName;
    case Kind::Function: return "function";
    }
    return "object";
}

bool Value::sameAs(const Value& other) const
{
    if (kind_ != other.kind_)
        return false;
    switch (kind_) {
    case Kind::List:
    case Kind::Tuple:
    case Kind::Dict:
    case Kind::Object:
    case Kind::Function: return data_ == other.data_;
    default: return equals(*this, other);
    }
}

namespace {

// Lists can be made to contain themselves (`x.append(x)`); past this depth a
// structure is treated as cyclic instead of recursing until the stack ends.
constexpr int kMaxDepth = 500;

void checkDepth(int depth)
{
    if (depth > kMaxDepth)
        fail("value nested too deeply (does a list contain itself?)");
}

bool equalsAt(const Value& a, const Value& b, int depth);

} // namespace

bool equals(const Value& a, const Value& b)
{
    return equalsAt(a, b, 0);
}

namespace {

bool equalsAt(const Value& a, const Value& b, int depth)
{
    using K = Value::Kind;
    checkDepth(depth);
    if ((a.isSequence() || a.isDict()) && a.sameAs(b))
        return true; // identity first, as Python does (and a list that holds itself equals itself)
    if (a.isNumber() && b.isNumber()) {
        if (a.isFloat() || b.isFloat())
            return a.number() == b.number();
        return a.intValue() == b.intValue();
    }
    if (a.isSequence() && b.isSequence()) {
        // Python never equates a list with a tuple.
        if (a.kind() != b.kind())
            return false;
        const auto& x = a.items().items;
        const auto& y = b.items().items;
        if (x.size() != y.size())
            return false;
        for (size_t i = 0; i < x.size(); ++i)
            if (!equalsAt(x[i], y[i], depth + 1))
                return false;
        return true;
    }
    if (a.kind() != b.kind())
        return false;
    switch (a.kind()) {
    case K::Undefined:
    case K::None: return true;
    case K::String: return a.str() == b.str();
    case K::Dict: {
        const auto& x = a.dictData().entries;
        if (x.size() != b.dictData().entries.size())
            return false;
        for (const auto& [k, v] : x) {
            const Value* other = b.dictData().find(k);
            if (!other || !equalsAt(v, *other, depth + 1))
                return false;
        }
        return true;
    }
    default: return a.sameAs(b);
    }
}

} // namespace

namespace {

bool lessThanAt(const Value& a, const Value& b, std::string_view op, int depth);

} // namespace

bool lessThan(const Value& a, const Value& b, std::string_view op)
{
    return lessThanAt(a, b, op, 0);
}

namespace {

bool lessThanAt(const Value& a, const Value& b, std::string_view op, int depth)
{
    checkDepth(depth);
    if (a.isNumber() && b.isNumber()) {
        if (a.isFloat() || b.isFloat())
            return a.number() < b.number();
        return a.intValue() < b.intValue();
    }
    if (a.isString() && b.isString())
        return a.str() < b.str(); // UTF-8 byte order is code point order
    if (a.isSequence() && a.kind() == b.kind()) {
        const auto& x = a.items().items;
        const auto& y = b.items().items;
        for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
            if (!equals(x[i], y[i]))
                return lessThanAt(x[i], y[i], op, depth + 1);
        }
        return x.size() < y.size();
    }
    if (a.isUndefined() || b.isUndefined()) {
        const Value& u = a.isUndefined() ? a : b;
        fail(u.undefinedHint().empty() ? "value is undefined" : u.undefinedHint());
    }
    fail("'" + std::string(op) + "' not supported between instances of '" + a.typeName() + "' and '" +
        b.typeName() + "'");
}

} // namespace

namespace {

void appendRepr(std::string& out, const Value& v, int depth);

void appendDictBody(std::string& out, const DictData& d, int depth)
{
    out += '{';
    bool first = true;
    for (const auto& [k, val] : d.entries) {
        if (!first)
            out += ", ";
        first = false;
        appendRepr(out, k, depth + 1);
        out += ": ";
        appendRepr(out, val, depth + 1);
    }
    out += '}';
}

void appendRepr(std::string& out, const Value& v, int depth)
{
    checkDepth(depth);
    switch (v.kind()) {
    case Value::Kind::String: out += pyRepr(v.str()); return;
    case Value::Kind::List:
    case Value::Kind::Tuple: {
        const auto& items = v.items().items;
        out += v.isList() ? '[' : '(';
        for (size_t i = 0; i < items.size(); ++i) {
            if (i)
                out += ", ";
            appendRepr(out, items[i], depth + 1);
        }
        if (v.isTuple() && items.size() == 1)
            out += ',';
        out += v.isList() ? ']' : ')';
        return;
    }
    case Value::Kind::Dict: appendDictBody(out, v.dictData(), depth); return;
    default: out += toStr(v); return;
    }
}

} // namespace

std::string toStr(const Value& v)
{
    switch (v.kind()) {
    case Value::Kind::Undefined: return "";
    case Value::Kind::None: return "None";
    case Value::Kind::Bool: return v.boolValue() ? "True" : "False";
    case Value::Kind::Int: return std::to_string(v.intValue());
    case Value::Kind::Float: return pyFloatRepr(v.number());
    case Value::Kind::String: return v.str();
    case Value::Kind::List:
    case Value::Kind::Tuple:
    case Value::Kind::Dict: {
        std::string out;
        appendRepr(out, v, 0);
        return out;
    }
    case Value::Kind::Object: {
        std::string out = "<" + v.objectData().typeName + " ";
        appendDictBody(out, v.objectData().attrs, 0);
        return out + ">";
    }
    case Value::Kind::Function: return "<function " + v.functionData().name + ">";
    }
    return "";
}

std::string toRepr(const Value& v)
{
    std::string out;
    appendRepr(out, v, 0);
    return out;
}

std::vector<Value> iterate(const Value& v)
{
    switch (v.kind()) {
    case Value::Kind::Undefined: return {};
    case Value::Kind::List:
    case Value::Kind::Tuple: return v.items().items;
    case Value::Kind::Dict: {
        std::vector<Value> keys;
        keys.reserve(v.dictData().entries.size());
        for (const auto& entry : v.dictData().entries)
            keys.push_back(entry.first);
        return keys;
    }
    case Value::Kind::String: {
        std::vector<Value> chars;
        for (auto& c : codePoints(v.str()))
            chars.emplace_back(std::move(c));
        return chars;
    }
    default: fail("'" + v.typeName() + "' object is not iterable");
    }
}

} // namespace hearth::tmpl
