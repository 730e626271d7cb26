#pragma once

// The dynamic values a template computes with. They follow Python's object
// model closely because chat templates are written and tested against
// Python's jinja2: lists and dicts are shared by reference (a namespace or a
// list appended to inside a loop is seen outside it), dicts keep insertion
// order, and bool/int/float compare and print the way Python does.

#include <concepts>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace hearth::tmpl {

class Value;
class Interpreter;

// Arguments of a call: positional first, then keyword arguments in order.
struct CallArgs {
    std::vector<Value> positional;
    std::vector<std::pair<std::string, Value>> keywords;
};

struct ListData {
    std::vector<Value> items;
};

struct DictData {
    std::vector<std::pair<Value, Value>> entries;

    const Value* find(const Value& key) const;
    Value* find(const Value& key);
    const Value* findKey(std::string_view key) const;
    void set(const Value& key, Value value);
    bool erase(const Value& key);
};

// Attribute-only objects: namespace() and the `loop` variable.
struct ObjectData {
    std::string typeName;
    DictData attrs;
};

using NativeFunction = std::function<Value(Interpreter&, CallArgs&)>;

struct FunctionData {
    std::string name;
    NativeFunction call;
};

class Value {
public:
    enum class Kind : std::uint8_t {
        Undefined, None, Bool, Int, Float, String, List, Tuple, Dict, Object, Function
    };

    Value() = default;
    Value(std::nullptr_t) : kind_(Kind::None) {}
    Value(bool b) : kind_(Kind::Bool), data_(b) {}
    template <std::integral T>
        requires(!std::same_as<T, bool> && !std::same_as<T, char>)
    Value(T i) : kind_(Kind::Int), data_(static_cast<std::int64_t>(i)) {}
    Value(double d) : kind_(Kind::Float), data_(d) {}
    Value(std::string s) : kind_(Kind::String), data_(std::move(s)) {}
    Value(std::string_view s) : kind_(Kind::String), data_(std::string(s)) {}
    Value(const char* s) : kind_(Kind::String), data_(std::string(s)) {}

    // `hint` is the message used if the template later misuses the value,
    // e.g. "'foo' is undefined" or "'dict object' has no attribute 'x'".
    static Value undefined(std::string hint);
    static Value list(std::vector<Value> items = {});
    static Value tuple(std::vector<Value> items);
    static Value dict();
    static Value object(std::string typeName);
    static Value function(std::string name, NativeFunction call);

    Kind kind() const { return kind_; }
    bool isUndefined() const { return kind_ == Kind::Undefined; }
    bool isNone() const { return kind_ == Kind::None; }
    bool isBool() const { return kind_ == Kind::Bool; }
    bool isInt() const { return kind_ == Kind::Int; }
    bool isFloat() const { return kind_ == Kind::Float; }
    // Python's numbers.Number: bools count, as they are ints in Python.
    bool isNumber() const { return kind_ == Kind::Int || kind_ == Kind::Float || kind_ == Kind::Bool; }
    bool isString() const { return kind_ == Kind::String; }
    bool isList() const { return kind_ == Kind::List; }
    bool isTuple() const { return kind_ == Kind::Tuple; }
    bool isSequence() const { return kind_ == Kind::List || kind_ == Kind::Tuple; }
    bool isDict() const { return kind_ == Kind::Dict; }
    bool isObject() const { return kind_ == Kind::Object; }
    bool isFunction() const { return kind_ == Kind::Function; }

    bool boolValue() const { return std::get<bool>(data_); }
    std::int64_t intValue() const; // also accepts Bool
    double number() const;          // Int, Float or Bool as a double
    const std::string& str() const { return std::get<std::string>(data_); }
    const std::string& undefinedHint() const;
    ListData& items() const { return *std::get<std::shared_ptr<ListData>>(data_); }
    DictData& dictData() const { return *std::get<std::shared_ptr<DictData>>(data_); }
    ObjectData& objectData() const { return *std::get<std::shared_ptr<ObjectData>>(data_); }
    FunctionData& functionData() const { return *std::get<std::shared_ptr<FunctionData>>(data_); }

    bool truthy() const;
    // Python's type(x).__name__, for error messages.
    std::string typeName() const;
    // Same object (Python `is`): identity for containers, equality otherwise.
    bool sameAs(const Value& other) const;

private:
    Kind kind_ = Kind::Undefined;
    std::variant<std::monostate, bool, std::int64_t, double, std::string, std::shared_ptr<ListData>,
        std::shared_ptr<DictData>, std::shared_ptr<ObjectData>, std::shared_ptr<FunctionData>>
        data_;
};

// Lists, dicts, namespaces and functions are shared by reference, so a
// template can build a cycle (`x.append(x)`, a namespace holding itself) that
// reference counting never frees. While a CycleBreaker is alive on a thread,
// every such object created on that thread is tracked, and all of them are
// emptied when it ends. ChatTemplate::render opens one around each render;
// nothing a render allocates outlives it.
class CycleBreaker {
public:
    CycleBreaker();
    ~CycleBreaker();
    CycleBreaker(const CycleBreaker&) = delete;
    CycleBreaker& operator=(const CycleBreaker&) = delete;

    static void track(const std::shared_ptr<void>& object, void (*empty)(void*));

private:
    struct Tracked {
        std::weak_ptr<void> object;
        void (*empty)(void*);
    };
    std::vector<Tracked> tracked_;
    size_t compactAt_ = 1024;
    CycleBreaker* previous_;
};

// Python ==, with 1 == 1.0 == True and structural list/dict equality.
bool equals(const Value& a, const Value& b);
// Python ordering (<); throws "'<' not supported between ..." for unorderable pairs.
bool lessThan(const Value& a, const Value& b, std::string_view op = "<");
// str(x) and repr(x) as Python prints them; undefined prints as "".
std::string toStr(const Value& v);
std::string toRepr(const Value& v);

// Iteration as Python's `for x in v`: lists/tuples give items, dicts give
// keys, strings give characters, undefined gives nothing; otherwise throws.
std::vector<Value> iterate(const Value& v);

} // namespace hearth::tmpl
