// strftime() for strftime_now(). Written out by hand rather than calling the
// C library because a Qt application switches the process to the user's
// locale, and templates expect the English names Python prints.

#include "template/builtins.h"
#include "template/errors.h"

#include <chrono>
#include <cstdio>

namespace hearth::tmpl {

namespace {

const char* const kWeekdays[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
const char* const kMonths[] = {"January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"};

std::string number(int value, int width, char padding)
{
    std::string digits = std::to_string(value < 0 ? -value : value);
    if (padding != '\0')
        while (static_cast<int>(digits.size()) < width)
            digits.insert(digits.begin(), padding);
    return value < 0 ? "-" + digits : digits;
}

// Week of the year with weeks starting on `firstWeekday` (0 Sunday, 1 Monday), as %U / %W.
int weekOfYear(const std::tm& t, int firstWeekday)
{
    const int weekday = (t.tm_wday - firstWeekday + 7) % 7;
    return (t.tm_yday + 7 - weekday) / 7;
}

std::string upper(std::string s)
{
    for (char& c : s)
        if (c >= 'a' && c <= 'z')
            c = static_cast<char>(c - 32);
    return s;
}

} // namespace

std::string formatTime(std::string_view format, const std::tm& t)
{
    std::string out;
    for (size_t i = 0; i < format.size(); ++i) {
        if (format[i] != '%' || i + 1 >= format.size()) {
            out += format[i];
            continue;
        }
        ++i;
        char flag = '\0';
        if (format[i] == '-' || format[i] == '_' || format[i] == '0' || format[i] == '^') {
            flag = format[i];
            if (++i >= format.size()) {
                out += '%';
                out += flag;
                break;
            }
        }
        // Numeric fields pad with '0' unless the flag says otherwise.
        auto num = [&](int value, int width, char defaultPad = '0') {
            const char padding = flag == '-' ? '\0' : flag == '_' ? ' ' : flag == '0' ? '0' : defaultPad;
            return number(value, width, padding);
        };
        std::string piece;
        const int hour12 = t.tm_hour % 12 == 0 ? 12 : t.tm_hour % 12;
        switch (format[i]) {
        case 'a': piece = std::string(kWeekdays[t.tm_wday % 7]).substr(0, 3); break;
        case 'A': piece = kWeekdays[t.tm_wday % 7]; break;
        case 'b':
        case 'h': piece = std::string(kMonths[t.tm_mon % 12]).substr(0, 3); break;
        case 'B': piece = kMonths[t.tm_mon % 12]; break;
        case 'C': piece = num((t.tm_year + 1900) / 100, 2); break;
        case 'd': piece = num(t.tm_mday, 2); break;
        case 'e': piece = num(t.tm_mday, 2, ' '); break;
        case 'H': piece = num(t.tm_hour, 2); break;
        case 'I': piece = num(hour12, 2); break;
        case 'j': piece = num(t.tm_yday + 1, 3); break;
        case 'm': piece = num(t.tm_mon + 1, 2); break;
        case 'M': piece = num(t.tm_min, 2); break;
        case 'p': piece = t.tm_hour < 12 ? "AM" : "PM"; break;
        case 'S': piece = num(t.tm_sec, 2); break;
        case 'u': piece = num(t.tm_wday == 0 ? 7 : t.tm_wday, 1); break;
        case 'w': piece = num(t.tm_wday, 1); break;
        case 'U': piece = num(weekOfYear(t, 0), 2); break;
        case 'W': piece = num(weekOfYear(t, 1), 2); break;
        case 'y': piece = num((t.tm_year + 1900) % 100, 2); break;
        case 'Y': piece = num(t.tm_year + 1900, 1); break;
        case 'D': piece = formatTime("%m/%d/%y", t); break;
        case 'F': piece = formatTime("%Y-%m-%d", t); break;
        case 'T': piece = formatTime("%H:%M:%S", t); break;
        case 'R': piece = formatTime("%H:%M", t); break;
        case 'r': piece = formatTime("%I:%M:%S %p", t); break;
        case 'c': piece = formatTime("%a %b %e %H:%M:%S %Y", t); break;
        case 'x': piece = formatTime("%m/%d/%y", t); break;
        case 'X': piece = formatTime("%H:%M:%S", t); break;
        case 'n': piece = "\n"; break;
        case 't': piece = "\t"; break;
        case 'z':
        case 'Z': break; // local time without a known zone: Python prints nothing for naive times
        case '%': piece = "%"; break;
        default:
            piece = std::string("%") + (flag ? std::string(1, flag) : std::string()) + format[i];
            break;
        }
        out += flag == '^' ? upper(piece) : piece;
    }
    return out;
}

std::tm parseIsoDateTime(std::string_view text)
{
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    const std::string s(text);
    const int fields = std::sscanf(s.c_str(), "%4d-%2d-%2d%*1[T ]%2d:%2d:%2d", &year, &month, &day, &hour, &minute,
        &second);
    if (fields != 3 && fields < 5)
        fail("invalid time '" + s + "': expected an ISO-8601 date and time such as 2025-03-14T09:26:53");
    using namespace std::chrono;
    const year_month_day date{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
        std::chrono::day{static_cast<unsigned>(day)}};
    if (!date.ok() || hour > 23 || minute > 59 || second > 60)
        fail("invalid time '" + s + "': no such date or time");
    const sys_days days{date};
    const sys_days newYear{std::chrono::year{year} / January / 1};
    std::tm t{};
    t.tm_year = year - 1900;
    t.tm_mon = month - 1;
    t.tm_mday = day;
    t.tm_hour = hour;
    t.tm_min = minute;
    t.tm_sec = second;
    t.tm_wday = static_cast<int>(weekday{days}.c_encoding());
    t.tm_yday = static_cast<int>((days - newYear).count());
    t.tm_isdst = -1;
    return t;
}

} // namespace hearth::tmpl
