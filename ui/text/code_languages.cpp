#include "code_languages.h"

#include <QHash>

namespace hearth::ui {
namespace {

QSet<QStringView> words(QStringView list)
{
    QSet<QStringView> set;
    for (QStringView word : list.split(u' ', Qt::SkipEmptyParts))
        set.insert(word);
    return set;
}

// C and its descendants share comments, strings and most keywords.
CodeLanguage cFamily(QString name)
{
    CodeLanguage language;
    language.name = std::move(name);
    language.lineComment = u"//";
    language.blockCommentStart = u"/*";
    language.blockCommentEnd = u"*/";
    language.quotes = u"\"'";
    return language;
}

constexpr QStringView cKeywords =
    u"auto break case const continue default do else enum extern for goto if inline register restrict return sizeof "
    u"static struct switch typedef union volatile while _Alignas _Alignof _Atomic _Generic _Noreturn _Static_assert "
    u"_Thread_local";
constexpr QStringView cTypes =
    u"char double float int long short signed unsigned void bool _Bool _Complex size_t ssize_t ptrdiff_t intptr_t "
    u"uintptr_t int8_t int16_t int32_t int64_t uint8_t uint16_t uint32_t uint64_t wchar_t FILE";

CodeLanguage makeC()
{
    CodeLanguage c = cFamily(QStringLiteral("c"));
    c.keywords = words(cKeywords);
    c.types = words(cTypes);
    c.literals = words(u"NULL true false");
    c.builtins = words(u"printf fprintf sprintf snprintf malloc calloc realloc free memcpy memset strlen");
    c.preprocessor = true;
    return c;
}

CodeLanguage makeCpp()
{
    CodeLanguage cpp = makeC();
    cpp.name = QStringLiteral("cpp");
    cpp.keywords.unite(words(
        u"alignas alignof and and_eq asm bitand bitor catch class compl concept consteval constexpr constinit "
        u"const_cast co_await co_return co_yield decltype delete dynamic_cast explicit export final friend import "
        u"module mutable namespace new noexcept not not_eq operator or or_eq override private protected public "
        u"reinterpret_cast requires static_assert static_cast template this thread_local throw try typeid typename "
        u"using virtual xor xor_eq"));
    cpp.types.unite(words(u"char8_t char16_t char32_t std string string_view vector map unordered_map optional "
                          u"unique_ptr shared_ptr"));
    cpp.literals = words(u"nullptr NULL true false");
    cpp.capitalizedTypes = true;
    return cpp;
}

CodeLanguage makePython()
{
    CodeLanguage python;
    python.name = QStringLiteral("python");
    python.keywords = words(
        u"and as assert async await break class continue def del elif else except finally for from global if import "
        u"in is lambda nonlocal not or pass raise return try while with yield match case self cls");
    python.types = words(u"int float complex str bytes bytearray bool list dict set frozenset tuple object type "
                         u"range");
    python.builtins = words(u"print len open isinstance enumerate zip map filter sorted sum min max abs super "
                            u"getattr setattr hasattr repr input iter next");
    python.literals = words(u"True False None");
    python.lineComment = u"#";
    python.quotes = u"\"'";
    python.tripleQuotedStrings = true;
    python.capitalizedTypes = true;
    python.decorators = true;
    return python;
}

constexpr QStringView jsKeywords =
    u"async await break case catch class const continue debugger default delete do else export extends finally for "
    u"from function get if import in instanceof let new of return set static super switch this throw try typeof var "
    u"void while with yield as";

CodeLanguage makeJavaScript()
{
    CodeLanguage js = cFamily(QStringLiteral("javascript"));
    js.keywords = words(jsKeywords);
    js.literals = words(u"true false null undefined NaN Infinity");
    js.builtins = words(u"console require parseInt parseFloat setTimeout setInterval fetch");
    js.quotes = u"\"'`";
    js.multiLineQuotes = u"`";
    js.capitalizedTypes = true;
    js.decorators = true;
    js.identifierDollar = true;
    return js;
}

CodeLanguage makeTypeScript()
{
    CodeLanguage ts = makeJavaScript();
    ts.name = QStringLiteral("typescript");
    ts.keywords.unite(words(u"abstract asserts declare enum implements infer interface is keyof module namespace "
                            u"override private protected public readonly satisfies type unique"));
    ts.types = words(u"string number boolean any unknown never object symbol bigint void");
    return ts;
}

CodeLanguage makeRust()
{
    CodeLanguage rust = cFamily(QStringLiteral("rust"));
    rust.keywords = words(
        u"as async await break const continue crate dyn else enum extern fn for if impl in let loop macro_rules match "
        u"mod move mut pub ref return self Self static struct super trait type union unsafe use where while");
    rust.types = words(u"i8 i16 i32 i64 i128 isize u8 u16 u32 u64 u128 usize f32 f64 bool char str");
    rust.literals = words(u"true false None Some Ok Err");
    rust.multiLineQuotes = u"\"";
    rust.capitalizedTypes = true;
    rust.attributes = true;
    rust.macros = true;
    rust.charLiterals = true;
    return rust;
}

CodeLanguage makeGo()
{
    CodeLanguage go = cFamily(QStringLiteral("go"));
    go.keywords = words(u"break case chan const continue default defer else fallthrough for func go goto if import "
                        u"interface map package range return select struct switch type var");
    go.types = words(u"bool byte complex64 complex128 error float32 float64 int int8 int16 int32 int64 rune string "
                     u"uint uint8 uint16 uint32 uint64 uintptr any");
    go.builtins = words(u"append cap close copy delete len make new panic print println recover");
    go.literals = words(u"true false nil iota");
    go.quotes = u"\"'`";
    go.multiLineQuotes = u"`";
    return go;
}

CodeLanguage makeJava()
{
    CodeLanguage java = cFamily(QStringLiteral("java"));
    java.keywords = words(
        u"abstract assert break case catch class continue default do else enum extends final finally for if "
        u"implements import instanceof interface native new package permits private protected public record return "
        u"sealed static strictfp super switch synchronized this throw throws transient try var volatile while yield");
    java.types = words(u"boolean byte char double float int long short void");
    java.literals = words(u"true false null");
    java.capitalizedTypes = true;
    java.decorators = true;
    return java;
}

CodeLanguage makeShell()
{
    CodeLanguage sh;
    sh.name = QStringLiteral("bash");
    sh.keywords = words(u"if then else elif fi case esac for while until do done in function select time return "
                        u"exit break continue local export readonly declare set unset shift source alias");
    sh.builtins = words(u"echo printf cd pwd read test eval exec trap sudo cat grep sed awk ls mkdir rm cp mv chmod "
                        u"curl git cmake make apt apt-get pip python3");
    sh.literals = words(u"true false");
    sh.lineComment = u"#";
    sh.hashCommentNeedsSpace = true;
    sh.quotes = u"\"'";
    sh.multiLineQuotes = u"\"'";
    sh.shellVariables = true;
    return sh;
}

CodeLanguage makeJson()
{
    // Comments are not JSON, but "jsonc" and model output use them.
    CodeLanguage json = cFamily(QStringLiteral("json"));
    json.literals = words(u"true false null");
    json.quotes = u"\"";
    json.objectKeys = true;
    return json;
}

CodeLanguage makeSql()
{
    CodeLanguage sql;
    sql.name = QStringLiteral("sql");
    sql.keywords = words(
        u"select from where insert into values update set delete create table drop alter add column index view "
        u"trigger join inner left right outer full cross on as and or not is in exists between like glob limit "
        u"offset order by group having distinct union all intersect except case when then else end primary key "
        u"foreign references unique default check constraint begin commit rollback transaction with recursive "
        u"returning if replace asc desc pragma explain conflict do nothing autoincrement");
    sql.types = words(u"int integer bigint smallint tinyint text varchar char boolean real float double numeric "
                      u"decimal date time timestamp datetime blob serial uuid json jsonb");
    sql.builtins = words(u"count sum avg min max coalesce ifnull length lower upper substr round now");
    sql.literals = words(u"null true false");
    sql.lineComment = u"--";
    sql.blockCommentStart = u"/*";
    sql.blockCommentEnd = u"*/";
    sql.quotes = u"'\"";
    sql.multiLineQuotes = u"'";
    sql.caseInsensitive = true;
    return sql;
}

struct Registry {
    QList<CodeLanguage> languages;
    QHash<QString, qsizetype> byName;

    void add(CodeLanguage language, QStringView aliases)
    {
        const qsizetype index = languages.size();
        byName.insert(language.name, index);
        for (QStringView alias : aliases.split(u' ', Qt::SkipEmptyParts))
            byName.insert(alias.toString(), index);
        languages.append(std::move(language));
    }
};

const Registry& registry()
{
    static const Registry instance = [] {
        Registry r;
        r.add(makeC(), u"h");
        r.add(makeCpp(), u"c++ cxx cc hpp hxx hh h++ cplusplus");
        r.add(makePython(), u"py python3 py3 gyp pyw");
        r.add(makeJavaScript(), u"js jsx mjs cjs node nodejs");
        r.add(makeTypeScript(), u"ts tsx mts cts");
        r.add(makeRust(), u"rs");
        r.add(makeGo(), u"golang");
        r.add(makeJava(), u"");
        r.add(makeShell(), u"sh shell zsh ksh shellscript shell-session console terminal");
        r.add(makeJson(), u"jsonc json5 jsonl geojson");
        r.add(makeSql(), u"sqlite mysql postgresql postgres psql plsql tsql mariadb");
        return r;
    }();
    return instance;
}

} // namespace

const CodeLanguage* findCodeLanguage(QStringView name)
{
    const Registry& r = registry();
    // "{.python}" and ".py" appear in the wild; the braces and dot are decoration.
    QString key = name.trimmed().toString().toLower();
    key.remove(u'{').remove(u'}');
    if (key.startsWith(u'.'))
        key.remove(0, 1);
    const auto found = r.byName.constFind(key);
    return found == r.byName.cend() ? nullptr : &r.languages.at(*found);
}

} // namespace hearth::ui
