#!/usr/bin/env python3
"""Regenerates features.jsonl: expected renderings of small feature templates,
produced by Python's jinja2 set up the way Hugging Face sets it up (sandboxed,
trim_blocks + lstrip_blocks, loop controls, json.dumps-style tojson,
raise_exception, strftime_now). The C++ test compares our interpreter with
these outputs; Python is needed only to regenerate the file:

    python3 tests/inference/data/templates/generate_features.py

Each case is (name, template, variables[, flags]). Flags: "mutable" renders
with a non-sandboxed environment (list.append and friends are blocked by the
immutable sandbox, but we allow them).
"""

import json
import os
from datetime import datetime

import jinja2
from jinja2.ext import loopcontrols
from jinja2.sandbox import ImmutableSandboxedEnvironment

NOW = "2025-03-14T09:26:53"


def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)


def raise_exception(message):
    raise jinja2.exceptions.TemplateError(message)


def strftime_now(fmt):
    return datetime.strptime(NOW, "%Y-%m-%dT%H:%M:%S").strftime(fmt)


def make_env(sandboxed):
    cls = ImmutableSandboxedEnvironment if sandboxed else jinja2.Environment
    env = cls(trim_blocks=True, lstrip_blocks=True, extensions=[loopcontrols])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = strftime_now
    return env


L = {"l": [1, 2, 3, 4, 5], "s": "héllo", "d": {"a": 1, "b": "x"}}
PEOPLE = {
    "people": [
        {"name": "Ann", "age": 31, "role": "user", "tags": ["a", "b"]},
        {"name": "bob", "age": 25, "role": "assistant"},
        {"name": "Cid", "age": 31, "role": "user", "active": True},
    ]
}
TOOL = {
    "tool": {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Météo — «now» \"quoted\" \\ back\nline\ttab \u0001",
            "parameters": {
                "type": "object",
                "properties": {"city": {"type": "string"}, "days": {"type": "integer", "default": 3}},
                "required": ["city"],
            },
            "nums": [1, 2.5, -0.0, 1e20, 1.5e-7, 100.0, True, False, None, 12345678901234],
            "empty": {"list": [], "dict": {}},
            "emoji": "😀 日本",
        },
    }
}

CASES = [
    # --- whitespace control and lexing ---------------------------------
    ("ws_trim_lstrip", "a\n  {% if true %}\n    b\n  {% endif %}\nc", {}),
    ("ws_minus_block", "x  {%- if true -%}  y  {%- endif -%}  z", {}),
    ("ws_minus_var", "a {{- ' b ' -}} c\n  {{- 'd' }}", {}),
    ("ws_for_lines", "{% for i in [1,2] %}\n  {{ i }}\n{% endfor %}\nend", {}),
    ("ws_plus_lstrip", "  {%+ if true %}x{% endif %}", {}),
    ("ws_plus_trim", "{% if true +%}\nx{% endif %}", {}),
    ("ws_comments", "a {# c #} b\n  {# line #}\nc {#- x -#} d\n{#- multi\nline -#}\ne", {}),
    ("ws_raw", "{% raw %}{{ x }} {% if %}{% endraw %}|{%- raw -%}  a  {%- endraw -%}  |", {}),
    ("ws_trailing_newline", "x\n", {}),
    ("ws_two_trailing_newlines", "x\n\n", {}),
    ("ws_crlf", "a\r\n{% if true %}\r\nb\r\n{% endif %}\r\nc", {}),
    ("ws_var_then_block_newline", "{{ 'a' }}  \n  {% if true %}b{% endif %}", {}),
    ("ws_midline_block", "x {% if true %}y{% endif %} z", {}),
    ("ws_tabs", "\t\t{% if true %}\n\tx\n\t{% endif %}\n", {}),
    ("ws_block_newline_only_once", "{% if true %}\n\nx{% endif %}", {}),
    ("ws_set_lines", "{% set a = 1 %}\n{% set b = 2 %}\n{{ a + b }}\n", {}),
    ("ws_multiline_tag", "{{\n  'a'\n  ~ 'b'\n}}{%\n if true\n%}c{% endif %}", {}),
    ("ws_dict_in_var", "{{ {'a': {'b': 1}} }}", {}),
    # --- literals and printing ------------------------------------------
    ("print_scalars", "{{ none }} {{ None }} {{ true }} {{ True }} {{ false }} {{ 42 }} {{ 1_000 }} {{ -7 }}", {}),
    ("print_floats", "{{ 1.0 }} {{ 0.1 + 0.2 }} {{ 1e20 }} {{ 1.5e-7 }} {{ 100.0 }} {{ 1e16 }} {{ 1e15 }} "
     "{{ 123456789012345.6 }} {{ 3.0 * 2 }} {{ 2.5E3 }} {{ 0.0001 }} {{ 0.00001 }}", {}),
    ("print_containers", "{{ [1, 'a', none, true, 1.5, [2], {'k': 'v'}] }} {{ (1, 2) }} {{ (1,) }} {{ () }} "
     "{{ {'a': 1, 'b': [1]} }} {{ 1, 2 }} {{ [] }} {{ {} }}", {}),
    ("print_repr_quotes", "{{ ['it\\'s', \"q\\\"s\", 'both \\' \"', 'a\\nb\\tc\\\\', 'é'] }}", {}),
    ("string_escapes", "{{ 'a\\tb\\nc\\\\d\\u00e9\\x41\\'' }}|{{ \"\\d\\w\" }}|{{ 'a' 'b' \"c\" }}", {}),
    ("print_input_values", "{{ l }} {{ d }} {{ s }} {{ people[0] }}", dict(L, **PEOPLE)),
    ("print_undefined", "[{{ nothing }}][{{ d.missing }}][{{ d['missing'] }}][{{ l[10] }}]", L),
    # --- operators --------------------------------------------------------
    ("arith_int", "{{ 1 + 2 * 3 }} {{ (1 + 2) * 3 }} {{ 7 // 2 }} {{ -7 // 2 }} {{ 7 % 3 }} {{ -7 % 3 }} "
     "{{ 7 % -3 }} {{ 2 ** 10 }} {{ 2 ** 3 ** 2 }} {{ 10 - 2 - 3 }}", {}),
    ("arith_float", "{{ 7 / 2 }} {{ 6 / 3 }} {{ 1.5 + 1 }} {{ 10 - 2.5 }} {{ 2 ** -1 }} {{ 7.5 // 2 }} "
     "{{ -7.5 // 2 }} {{ 7.5 % 2 }} {{ -7.5 % 2 }} {{ 2 ** 0.5 }} {{ 1 / 3 }}", {}),
    ("arith_unary", "{{ -3 }} {{ -(3) }} {{ +3 }} {{ -2 ** 2 }} {{ - 1.5 }} {{ -([1,2]|length) }} {{ 3 - -1 }}", {}),
    ("arith_bool", "{{ true + 1 }} {{ true * 3 }} {{ false - 1 }}", {}),
    ("arith_strings_lists", "{{ 'ab' + 'cd' }} {{ 'ab' * 3 }} {{ 2 * 'x' }} {{ [1] + [2, 3] }} {{ [0] * 3 }} "
     "{{ (1,) + (2,) }}", {}),
    ("concat_tilde", "{{ 'a' ~ 1 ~ none ~ true ~ 1.5 ~ [1] ~ nothing ~ 'z' }}", {}),
    ("compare_chain", "{{ 1 < 2 < 3 }} {{ 1 < 2 > 3 }} {{ 'a' < 'b' }} {{ [1, 2] < [1, 3] }} {{ 1 == 1.0 }} "
     "{{ true == 1 }} {{ 'a' != 'b' }} {{ 2 >= 2 }} {{ 2 <= 1 }} {{ [1] == [1] }} {{ {'a': 1} == {'a': 1} }} "
     "{{ none == none }} {{ 1 == '1' }} {{ 'é' > 'z' }}", {}),
    ("membership", "{{ 'a' in 'abc' }} {{ 1 in [1, 2] }} {{ 'k' in {'k': 1} }} {{ 3 not in [1, 2] }} "
     "{{ 'x' not in 'abc' }} {{ 'a' in nothing }} {{ 1.0 in [1] }} {{ [1] in [[1], 2] }} {{ '' in 'x' }}", {}),
    ("logic_values", "{{ true and 'x' }} {{ false or 'y' }} [{{ none or 0 or '' }}] {{ not none }} {{ not [] }} "
     "{{ not 'a' }} {{ 0 and 1 }} {{ 1 and 0 }} {{ [] or [1] }} {{ not not 3 }}", {}),
    ("logic_precedence", "{{ not 1 == 2 }} {{ not true and false }} {{ true or false and false }} "
     "{{ not 'a' in 'abc' }} {{ 1 + 1 == 2 and 'ok' }}", {}),
    ("ternary", "{{ 'a' if true else 'b' }} {{ 'a' if false else 'b' }} [{{ 'a' if false }}] "
     "{{ 'x' if 0 else 'y' if 1 else 'z' }} {{ ('p' if true else 'q') ~ '!' }} {{ 1 if none is none else 2 }}", {}),
    ("filter_precedence", "{{ 'a' + ' b '|trim + 'c' }} {{ -3|abs }} {{ 'x' ~ [1,2]|length }} "
     "{{ 'abc'|upper ~ 'd' }} {{ 1 + [1, 2]|length * 2 }}", {}),
    # --- subscripts, attributes, slicing ---------------------------------
    ("subscripts", "{{ d['a'] }} {{ d.a }} {{ d.b }} {{ l[0] }} {{ l[-1] }} {{ l.0 }} {{ s[1] }} {{ s[-1] }} "
     "{{ people[1].name }} {{ people[0]['tags'][1] }} {{ people[-1].active }}", dict(L, **PEOPLE)),
    ("slicing", "{{ l[1:] }} {{ l[:-1] }} {{ l[::2] }} {{ l[::-1] }} {{ s[1:3] }} {{ s[::-1] }} {{ l[-2:] }} "
     "{{ l[5:] }} {{ l[1:3:1] }} {{ s[-100:100] }} {{ l[3:0:-1] }} {{ l[-1:-4:-2] }} {{ s[:0] }} {{ l[:] }}", L),
    ("undefined_chain_defined", "{{ d.missing is defined }} {{ d.a.x is defined }} {{ none.x is defined }} "
     "{{ s.nothing is defined }} {{ l.foo is defined }} {{ d.missing|default('z') }}", L),
    # --- undefined -------------------------------------------------------
    ("undefined_ops", "[{{ x }}][{{ x is defined }}][{{ x is undefined }}][{{ x|default('d') }}][{{ x|d('e') }}]"
     "[{{ x|length }}][{{ x ~ 'a' }}][{% for i in x %}{{ i }}{% endfor %}][{{ 'a' in x }}][{{ x == none }}]"
     "[{{ not x }}][{{ x|string }}][{{ x|list }}][{{ x|join(',') }}][{{ x is none }}][{{ x|trim }}]", {}),
    # --- if / for ---------------------------------------------------------
    ("if_elif_else", "{% for n in [1, 2, 3, 4] %}{% if n == 1 %}one{% elif n == 2 %}two{% elif n == 3 %}three"
     "{% else %}many{% endif %} {% endfor %}", {}),
    ("loop_vars", "{% for x in ['a','b','c'] %}{{ loop.index }}{{ loop.index0 }}{{ loop.revindex }}"
     "{{ loop.revindex0 }}{{ loop.first }}{{ loop.last }}{{ loop.length }}{{ loop.cycle('o','e') }}"
     "{{ loop.depth }}{{ loop.depth0 }}|{% endfor %}", {}),
    ("loop_prev_next", "{% for x in [1,2,3] %}[{{ loop.previtem }}-{{ loop.nextitem }}]"
     "{{ loop.previtem is defined }}{% endfor %}", {}),
    ("for_else", "{% for x in [] %}x{% else %}empty{% endfor %}|{% for x in [1] %}{{ x }}{% else %}no{% endfor %}"
     "|{% for x in [1, 2] if x > 5 %}{{ x }}{% else %}filtered{% endfor %}", {}),
    ("for_if_filter", "{% for x in range(10) if x is odd %}{{ x }}:{{ loop.index }}/{{ loop.length }} {% endfor %}", {}),
    ("for_nested_loop", "{% for a in [1,2] %}{% set outer = loop %}{% for b in 'xy' %}{{ outer.index }}{{ loop.index }}"
     "{{ b }} {% endfor %}{% endfor %}", {}),
    ("for_dicts", "{% for k in d %}{{ k }}{% endfor %}|{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}"
     "|{% for k, v in d|items %}{{ k }}{{ v }}{% endfor %}|{% for k, v in {'b': 1, 'a': 2}|dictsort %}{{ k }}"
     "{% endfor %}", L),
    ("for_string", "{% for c in s %}{{ c }}.{% endfor %}", L),
    ("for_unpack", "{% for a, b in [[1, 2], [3, 4]] %}{{ a }}-{{ b }} {% endfor %}{% for (a, b) in [(5, 6)] %}"
     "{{ a + b }}{% endfor %}", {}),
    ("for_break_continue", "{% for i in range(10) %}{% if i == 2 %}{% continue %}{% endif %}{% if i == 5 %}"
     "{% break %}{% endif %}{{ i }}{% endfor %}", {}),
    ("for_loop_var_scope", "{% set x = 1 %}{% for i in [1, 2] %}{{ x }}{% set x = x + 10 %}{{ x }};{% endfor %}{{ x }}"
     "|{% for i in [1, 2] %}{% if i == 1 %}{% set y = 5 %}{% endif %}[{{ y }}]{% endfor %}", {}),
    ("for_over_messages_reverse", "{% for m in people[::-1] %}{{ m.name }}{{ (people|length - 1) - loop.index0 }} "
     "{% endfor %}", PEOPLE),
    # --- set, namespace, with --------------------------------------------
    ("set_scoping", "{% set x = 1 %}{% if true %}{% set y = 3 %}{% endif %}{{ x }}{{ y }}"
     "{% for i in [1] %}{% set x = 2 %}{% endfor %}{{ x }}", {}),
    ("set_tuple", "{% set a, b = 1, 2 %}{{ a }}{{ b }}{% set c = 1, 2 %}{{ c }}", {}),
    ("set_block", "{% set x %}a{{ 1 }}\n b{% endset %}[{{ x }}]{% set y | upper | trim %}  abc  {% endset %}[{{ y }}]", {}),
    ("namespace", "{% set ns = namespace(a=1, b='x') %}{% for i in [1,2,3] %}{% set ns.a = ns.a + i %}{% endfor %}"
     "{{ ns.a }} {{ ns.b }} {{ ns.missing is defined }}{% set ns2 = namespace() %}{% set ns2.k = 'v' %}{{ ns2.k }}"
     "{% set ns3 = namespace(d) %}{{ ns3.b }}", L),
    ("namespace_print", "{{ namespace(a=1) }}", {}),
    ("with_block", "{% with a = 1, b = 2 %}{{ a + b }}{% endwith %}[{{ a }}]{% set q = 5 %}"
     "{% with q = q + 1 %}{{ q }}{% endwith %}{{ q }}", {}),
    # --- macros ------------------------------------------------------------
    ("macro_defaults", "{% macro m(a, b='B', c=none) %}[{{ a }}|{{ b }}|{{ c }}]{% endmacro %}{{ m(1) }}{{ m(1, 2) }}"
     "{{ m(1, c=3) }}{{ m(a='x') }}{{ m() }}", {}),
    ("macro_recursion", "{% macro fact(n) %}{% if n <= 1 %}1{% else %}{{ n * fact(n - 1)|int }}{% endif %}"
     "{% endmacro %}{{ fact(5) }}", {}),
    ("macro_globals", "{% set g = 'G' %}{% macro m() %}{{ g }}{{ d.a }}{% endmacro %}{{ m() }}{% set g = 'H' %}{{ m() }}", L),
    ("macro_varargs", "{% macro m(a) %}{{ a }}{{ varargs }}{{ kwargs }}{% endmacro %}{{ m(1, 2, 3, k=4) }}", {}),
    ("macro_scope", "{% macro m() %}{% set inner = 1 %}{{ inner }}{% endmacro %}{{ m() }}[{{ inner }}]", {}),
    ("macro_caller", "{% macro wrap(tag) %}<{{ tag }}>{{ caller() }}</{{ tag }}>{% endmacro %}"
     "{% call wrap('b') %}bold {{ 1 + 1 }}{% endcall %}", {}),
    ("macro_caller_args", "{% macro each(items) %}{% for i in items %}{{ caller(i) }}{% endfor %}{% endmacro %}"
     "{% call(x) each([1, 2]) %}<{{ x }}>{% endcall %}", {}),
    ("macro_as_value", "{% macro m(x) %}{{ x }}!{% endmacro %}{{ m('a') ~ m('b') }} {{ m('c')|length }}", {}),
    ("filter_block", "{% filter upper %}abc {{ 'd' }}{% endfilter %}|{% filter replace('a', 'o') | trim %} aab {% endfilter %}", {}),
    # --- globals -----------------------------------------------------------
    ("range_dict", "{{ range(3)|list }} {{ range(1, 10, 3)|list }} {% for i in range(3) %}{{ i }}{% endfor %} "
     "{{ range(5, 0, -2)|list }} {{ dict(a=1, b=2) }} {{ dict([('x', 1)]) }} {{ dict(d, c=3) }}", L),
    ("strftime", "{{ strftime_now('%Y-%m-%d %H:%M:%S') }}|{{ strftime_now('%d %b %Y') }}|{{ strftime_now('%B %-d, %Y') }}"
     "|{{ strftime_now('%A %a %j %I %p %y %m %e') }}|{{ strftime_now('%%') }}|{{ strftime_now('%U %W %w %u') }}", {}),
    ("raise_exception", "ok{{ raise_exception('Boom: ' ~ 42 ~ ' roles must alternate') }}", {}),
    ("raise_in_macro", "{% macro check(x) %}{% if x > 1 %}{{ raise_exception('too big') }}{% endif %}{% endmacro %}"
     "{{ check(1) }}{{ check(2) }}", {}),
    # --- filters: strings ----------------------------------------------------
    ("f_trim", "[{{ '  a b \\n'|trim }}][{{ 'xxaxx'|trim('x') }}][{{ 5|trim }}][{{ '\\u3000a\\xa0'|trim }}]", {}),
    ("f_case", "{{ 'hello World'|upper }} {{ 'Hello'|lower }} {{ 'hello wORLD'|capitalize }} "
     "{{ 'hello world-foo (bar'|title }} {{ 'éa'|upper }} {{ 'ÉCOLE'|lower }} {{ none|upper }}", {}),
    ("f_replace", "{{ 'aaa'|replace('a', 'b') }} {{ 'aaa'|replace('a', 'b', 2) }} {{ 'abc'|replace('', '-') }} "
     "{{ 123|replace('2', 'x') }}", {}),
    ("f_join", "{{ [1, 'a', none]|join }} {{ ['a', 'b']|join(', ') }} {{ people|join('/', attribute='name') }} "
     "{{ 'abc'|join('-') }} {{ d|join(',') }}", dict(L, **PEOPLE)),
    ("f_length", "{{ l|length }} {{ s|length }} {{ d|count }} {{ ''|length }} {{ 'é日本'|length }} {{ (1, 2)|length }}", L),
    ("f_first_last", "{{ l|first }} {{ l|last }} {{ s|first }} {{ s|last }} {{ d|first }} [{{ []|first }}]", L),
    ("f_list_string", "{{ s|list }} {{ d|list }} {{ 'ab'|list }} {{ l|string }} {{ 1.0|string }} {{ (1,)|list }}", L),
    ("f_default", "{{ x|default('d') }} {{ ''|default('e') }} {{ ''|default('e', true) }} {{ none|d('n') }} "
     "{{ none|d('n', boolean=true) }} {{ 0|default(5, true) }} {{ x|default }}|", {}),
    ("f_items", "{{ d|items|list }} {{ {'a': {'b': 1}}|items|list }}", L),
    ("f_select", "{{ l|select('odd')|list }} {{ l|reject('odd')|list }} {{ [0, 1, '', 'a', none]|select|list }} "
     "{{ l|select('greaterthan', 2)|list }} {{ l|select('divisibleby', 2)|list }} {{ ['a', 'b']|reject('equalto', 'a')|list }}", L),
    ("f_selectattr", "{{ people|selectattr('role', 'equalto', 'user')|map(attribute='name')|list }} "
     "{{ people|rejectattr('role', 'equalto', 'user')|map(attribute='name')|join }} "
     "{{ people|selectattr('active')|map(attribute='name')|list }} {{ people|selectattr('age', '>', 30)|list|length }} "
     "{{ people|selectattr('tags', 'defined')|map(attribute='tags.0')|list }}", PEOPLE),
    ("f_map", "{{ ['a', 'b']|map('upper')|list }} {{ people|map(attribute='age')|list }} "
     "{{ people|map(attribute='missing', default='?')|list }} {{ [' a ', 'b ']|map('trim')|join('|') }} "
     "{{ [1.7, 2.2]|map('round')|list }} {{ [[1, 2]]|map('join', '+')|list }}", PEOPLE),
    ("f_unique_reverse", "{{ [1, 2, 1, 3, 2]|unique|list }} {{ ['b', 'A', 'a', 'B']|unique|list }} "
     "{{ ['b', 'A', 'a']|unique(case_sensitive=true)|list }} {{ l|reverse|list }} {{ s|reverse }} "
     "{{ people|unique(attribute='age')|map(attribute='name')|list }}", dict(L, **PEOPLE)),
    ("f_sort", "{{ [3, 1, 2]|sort }} {{ ['b', 'A', 'a', 'C']|sort }} {{ ['b', 'A', 'a']|sort(case_sensitive=true) }} "
     "{{ [3, 1, 2]|sort(reverse=true) }} {{ people|sort(attribute='age')|map(attribute='name')|list }} "
     "{{ people|sort(attribute='name')|map(attribute='name')|join(',') }} {{ [2.5, 1, true]|sort }}", PEOPLE),
    ("f_dictsort", "{{ {'b': 1, 'a': 2, 'C': 0}|dictsort }} {{ {'b': 1, 'a': 2}|dictsort(by='value') }} "
     "{{ {'b': 1, 'a': 2}|dictsort(reverse=true) }}", {}),
    ("f_batch", "{{ l|batch(2)|list }} {{ l|batch(3, 'x')|list }} {{ []|batch(2)|list }}", L),
    ("f_indent", "[{{ 'a\\nb\\n\\nc'|indent }}][{{ 'a\\nb'|indent(2, true) }}][{{ 'a\\n\\nb'|indent(2, blank=true) }}]"
     "[{{ 'a\\nb'|indent('> ') }}][{{ 'x\\n'|indent(1) }}][{{ ''|indent(first=true) }}]", {}),
    ("f_numbers", "{{ '42'|int }} {{ ' 42 '|int }} {{ '4.7'|int }} {{ 'x'|int }} {{ 'x'|int(7) }} {{ 3.9|int }} "
     "{{ -3.9|int }} {{ true|int }} {{ '0x1A'|int(0, 16) }} {{ '1_0'|int }} {{ '3'|float }} {{ 'x'|float }} "
     "{{ 2|float }} {{ -3|abs }} {{ -2.5|abs }} {{ none|int }}", {}),
    ("f_round", "{{ 2.5|round }} {{ 3.5|round }} {{ 3.14159|round(2) }} {{ 2.675|round(2) }} {{ 3|round }} "
     "{{ 1.23|round(1, 'ceil') }} {{ 1.27|round(1, 'floor') }} {{ -2.5|round }} {{ 1234.5|round(-2) }}", {}),
    ("f_escape", "{{ 'a<b>&\"\\''|e }} {{ '<x>'|escape }} {{ '<x>'|safe }} {{ 5|e }}", {}),
    ("f_misc", "{{ 'a b  c'|wordcount }} [{{ 'x'|center(5) }}] [{{ 'x'|center(6) }}] {{ l|sum }} {{ l|sum(start=10) }} "
     "{{ people|sum(attribute='age') }} {{ l|max }} {{ l|min }} {{ ['b', 'A']|max }} {{ people|max(attribute='age')|attr('name') }} "
     "{{ '%s-%d'|format('a', 3) }} {{ '%05.1f|%-4s|%x'|format(3.14159, 'ab', 255) }}", dict(L, **PEOPLE)),
    ("f_truncate", "{{ 'hello world foo bar'|truncate(11) }} {{ 'hello world foo bar'|truncate(11, true) }} "
     "{{ 'hello world foo bar'|truncate(11, false, '..', 0) }} {{ 'short'|truncate(3) }}", {}),
    # --- tojson ---------------------------------------------------------------
    ("tojson_basic", "{{ tool|tojson }}", TOOL),
    ("tojson_indent", "{{ tool|tojson(indent=4) }}\n{{ tool.function.parameters|tojson(indent=2) }}\n{{ [1, [2, []], {}]|tojson(indent=1) }}", TOOL),
    ("tojson_options", "{{ tool.function.parameters|tojson(sort_keys=true) }}\n{{ tool.function.emoji|tojson(ensure_ascii=true) }}"
     "\n{{ tool.function.description|tojson(ensure_ascii=True) }}\n{{ {'a': [1, 2]}|tojson(separators=(',', ':')) }}"
     "\n{{ {'b': 1}|tojson(indent=2, separators=(', ', ' = ')) }}", TOOL),
    ("tojson_values", "{{ 'str'|tojson }} {{ 1.5|tojson }} {{ none|tojson }} {{ true|tojson }} {{ (1, 'a')|tojson }} "
     "{{ {1: 'int key', none: 'x', true: 'y', 2.5: 'z'}|tojson }} {{ '</script>'|tojson }}", {}),
    # --- tests ------------------------------------------------------------------
    ("tests_types", "{% for v in [x, none, true, false, 0, 1.5, 'a', [1], (1,), {'a': 1}, range] %}"
     "{{ v is defined }}{{ v is none }}{{ v is boolean }}{{ v is true }}{{ v is false }}{{ v is number }}"
     "{{ v is integer }}{{ v is float }}{{ v is string }}{{ v is mapping }}{{ v is iterable }}"
     "{{ v is sequence }}{{ v is callable }};{% endfor %}", {}),
    ("tests_values", "{{ 3 is odd }} {{ 4 is even }} {{ 4 is divisibleby 2 }} {{ 4 is divisibleby(3) }} "
     "{{ 'a' is lower }} {{ 'A' is upper }} {{ 'a1' is lower }} {{ '' is lower }} {{ 1 is eq 1.0 }} {{ 1 is equalto 1 }} "
     "{{ 1 is ne 2 }} {{ 2 is gt 1 }} {{ 2 is ge 2 }} {{ 1 is lt 2 }} {{ 1 is le 0 }} {{ 'a' is in 'abc' }} "
     "{{ 2 is in [1, 2] }} {{ none is sameas none }} {{ [] is sameas [] }} {{ 'upper' is filter }} {{ 'odd' is test }} "
     "{{ 'nope' is filter }} {{ 1 is greaterthan 0 }} {{ 1 is lessthan 0 }}", {}),
    ("tests_negated", "{{ x is not defined }} {{ 1 is not none }} {{ 'a' is not string }} {{ not x is defined }} "
     "{{ 2 is not divisibleby 2 }}", {}),
    # --- methods -------------------------------------------------------------------
    ("m_strip", "[{{ '  a  '.strip() }}][{{ '  a  '.lstrip() }}][{{ '  a  '.rstrip() }}][{{ 'xxaxx'.strip('x') }}]"
     "[{{ '\\n\\na\\n'.lstrip('\\n') }}][{{ 'abcba'.rstrip('ab') }}][{{ 'é a é'.strip('é') }}]", {}),
    ("m_split", "{{ 'a,b,,c'.split(',') }} {{ ' a  b '.split() }} {{ 'a b c'.split(' ', 1) }} {{ 'a b c'.split(maxsplit=1) }} "
     "{{ 'a,b,c'.rsplit(',', 1) }} {{ '  a b  c '.rsplit(None, 1) }} {{ ''.split() }} {{ ''.split(',') }} "
     "{{ 'x</think>y</think>z'.split('</think>')[-1] }} {{ 'a\\nb\\r\\nc'.splitlines() }}", {}),
    ("m_affix", "{{ 'hello'.startswith('he') }} {{ 'hello'.endswith('lo') }} {{ 'hello'.startswith(('x', 'h')) }} "
     "{{ 'hello'.endswith('he') }} {{ 'hello'.startswith('l', 2) }} {{ ''.startswith('') }}", {}),
    ("m_case", "{{ 'hello world'.title() }} {{ \"they're bill's\".title() }} {{ 'hELLO'.capitalize() }} "
     "{{ 'Ab'.upper() }} {{ 'Ab'.lower() }} {{ 'aBc'.swapcase() }} {{ 'é'.upper() }}", {}),
    ("m_find_count", "{{ 'hello'.find('l') }} {{ 'hello'.rfind('l') }} {{ 'hello'.find('z') }} {{ 'héllo'.find('l') }} "
     "{{ 'banana'.count('a') }} {{ 'banana'.count('an') }} {{ 'hello'.index('e') }} {{ 'aaa'.replace('a', 'b', 1) }}", {}),
    ("m_join_format", "{{ ', '.join(['a', 'b']) }} {{ '-'.join('abc') }} {{ '{} + {} = {}'.format(1, 2, 3) }} "
     "{{ '{0}{1}{0}'.format('a', 'b') }} {{ '{name}!'.format(name='x') }} {{ '{:>5}|{:<4}|{:^5}'.format('a', 'b', 'c') }} "
     "{{ '{:.2f} {:05d} {!r}'.format(3.14159, 42, 'q') }}", {}),
    ("m_misc_str", "{{ '5'.zfill(3) }} {{ '-5'.zfill(4) }} {{ 'ab'.center(6, '*') }} {{ 'ab'.ljust(4, '.') }} "
     "{{ 'ab'.rjust(4) }} {{ '123'.isdigit() }} {{ 'abc'.isalpha() }} {{ ' '.isspace() }} {{ 'AB'.isupper() }} "
     "{{ 'a=b=c'.partition('=') }} {{ 'a=b=c'.rpartition('=') }} {{ 'prefix_x'.removeprefix('prefix_') }}", {}),
    ("m_dict", "{{ d.get('a') }} {{ d.get('zz') }} {{ d.get('zz', 'dflt') }} {{ d.keys()|list }} {{ d.values()|list }} "
     "{{ d.items()|list }} {% for k, v in d.items() %}{{ k }}{{ v }}{% endfor %} {{ people[0].get('tags')|length }}",
     dict(L, **PEOPLE)),
    ("m_list_mutation", "{% set ns = namespace(items=[]) %}{% for i in range(3) %}{% set _ = ns.items.append(i * 2) %}"
     "{% endfor %}{{ ns.items }} {% set xs = [3, 1] %}{{ xs.append(5) }}{{ xs }} {{ xs.pop() }} {{ xs }} "
     "{{ xs.index(1) }} {{ [1, 1, 2].count(1) }}{% set dd = {} %}{% set _ = dd.update({'k': 1}) %} {{ dd }}", {}, "mutable"),
    # --- unicode -----------------------------------------------------------------------
    ("unicode", "{{ '日本語テキスト'[1:3] }} {{ '😀ab'|length }} {{ '😀ab'[0] }} {{ 'ÀÉÎ'|lower }} {{ 'ñ'|upper }} "
     "{{ 'Straße'|title }} {{ 'привет мир'|title }} {{ 'ΑΒΓ'|lower }}", {}),
    # --- realistic chat logic ----------------------------------------------------
    ("chat_like", "{%- set ns = namespace(sys='') -%}{%- for m in msgs -%}{%- if m.role == 'system' -%}"
     "{%- set ns.sys = m.content -%}{%- else -%}<|{{ m.role }}|>\n{{ m.content | trim }}"
     "{%- if m.tool_calls is defined and m.tool_calls %}\n{%- for tc in m.tool_calls %}\n<call>{{ tc.function.name }}"
     "({{ tc.function.arguments | tojson }})</call>{%- endfor %}{%- endif %}\n{% endif -%}{%- endfor -%}"
     "{{- '[sys: ' ~ ns.sys ~ ']' if ns.sys -}}",
     {"msgs": [
         {"role": "system", "content": "Be brief."},
         {"role": "user", "content": "  Weather in Paris?  "},
         {"role": "assistant", "content": "", "tool_calls": [
             {"type": "function", "function": {"name": "get_weather", "arguments": {"city": "Paris", "days": 2}}}]},
         {"role": "tool", "content": "{\"temp\": 21}"},
     ]}),
]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    sandboxed, mutable = make_env(True), make_env(False)
    with open(os.path.join(here, "features.jsonl"), "w", encoding="utf-8") as out:
        names = set()
        failures = []
        for case in CASES:
            name, source, variables = case[0], case[1], case[2]
            flags = case[3:] if len(case) > 3 else ()
            assert name not in names, name
            names.add(name)
            env = mutable if "mutable" in flags else sandboxed
            record = {"name": name, "template": source, "vars": variables}
            try:
                record["expected"] = env.from_string(source).render(
                    messages=[], add_generation_prompt=True, tools=None, documents=None, **variables)
                record["error"] = None
            except Exception as e:  # noqa: BLE001 - reported below
                if type(e) is not jinja2.exceptions.TemplateError:
                    failures.append(f"{name}: jinja2 failed unexpectedly: {type(e).__name__}: {e}")
                    continue
                record["expected"] = None
                record["error"] = str(e)
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    if failures:
        raise SystemExit("\n".join(failures))
    print(f"wrote {len(CASES)} cases")


if __name__ == "__main__":
    main()
