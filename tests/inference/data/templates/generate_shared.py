#!/usr/bin/env python3
"""Regenerates shared_renders.jsonl: renderings of the real chat templates in
../shared/templates with richer inputs than cases.jsonl has (tools, tool calls
and results, reasoning content, content parts, no generation prompt, ...).

The rendered prompts repeat large parts of those templates, which must not be
committed, so only the SHA-256 and length of each rendering are stored; rerun
this script to see the text itself:

    python3 tests/inference/data/templates/generate_shared.py [../shared]
"""

import hashlib
import json
import os
import sys

import jinja2

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate_features as gf  # noqa: E402  (same Hugging Face environment)

TOOLS = [
    {"type": "function", "function": {
        "name": "get_weather", "description": "Get the current weather in a city",
        "parameters": {"type": "object", "properties": {
            "city": {"type": "string", "description": "City name, e.g. Paris"},
            "unit": {"type": "string", "enum": ["celsius", "fahrenheit"], "default": "celsius"},
            "days": {"type": "integer", "description": "Forecast days"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "extra": {"type": ["string", "null"]}},
            "required": ["city"]}}},
    {"type": "function", "function": {
        "name": "search", "description": "Search the web",
        "parameters": {"type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"]}}},
]

TOOL_CHAT = [
    {"role": "system", "content": "You are helpful."},
    {"role": "user", "content": "Weather in Paris?"},
    {"role": "assistant", "content": "", "tool_calls": [
        {"id": "call12345", "type": "function",
         "function": {"name": "get_weather", "arguments": {"city": "Paris", "days": 2}}}]},
    {"role": "tool", "tool_call_id": "call12345", "name": "get_weather",
     "content": "{\"temp\": 21, \"sky\": \"clear\"}"},
    {"role": "assistant", "content": "It is 21°C and clear in Paris."},
    {"role": "user", "content": "Merci ! Et à Tokyo ? 日本"},
]

TOOL_CHAT_NO_SYSTEM = TOOL_CHAT[1:]

STRING_ARGS_CHAT = [
    {"role": "user", "content": "Find cats"},
    {"role": "assistant", "content": None, "tool_calls": [
        {"id": "abcdefghi", "type": "function", "function": {"name": "search", "arguments": "{\"query\": \"cats\"}"}}]},
    {"role": "tool", "tool_call_id": "abcdefghi", "content": "Cats are mammals."},
    {"role": "tool", "tool_call_id": "abcdefghi", "content": "Second result."},
]

REASONING_CHAT = [
    {"role": "system", "content": "Think first. /think"},
    {"role": "user", "content": "Is 91 prime?"},
    {"role": "assistant", "reasoning_content": "91 = 7 * 13.", "thinking": "91 = 7 * 13.",
     "content": "No, 91 = 7 × 13."},
    {"role": "user", "content": "And 97?"},
    {"role": "assistant", "content": "<think>\nCheck 2,3,5,7.\n</think>\n\nYes, 97 is prime."},
]

PARTS_CHAT = [
    {"role": "system", "content": [{"type": "text", "text": "System in parts."}]},
    {"role": "user", "content": [{"type": "image"}, {"type": "text", "text": "What is in this picture?"}]},
    {"role": "assistant", "content": [{"type": "text", "text": "A cat."}]},
    {"role": "user", "content": [{"type": "text", "text": "  Sure?  "}]},
]

SIMPLE = [
    {"role": "user", "content": "Hello\n  there  "},
    {"role": "assistant", "content": "Hi! «quoted» \"text\" \\ ok"},
    {"role": "user", "content": "Bye"},
]

SCENARIOS = [
    ("tools", TOOL_CHAT, {"tools": TOOLS}, True),
    ("tools_no_system", TOOL_CHAT_NO_SYSTEM, {"tools": TOOLS}, True),
    ("tools_no_prompt", TOOL_CHAT, {"tools": TOOLS}, False),
    ("tool_calls_without_tools", TOOL_CHAT, {}, True),
    ("string_arguments", STRING_ARGS_CHAT, {"tools": TOOLS}, True),
    ("reasoning", REASONING_CHAT, {}, True),
    ("reasoning_no_thinking", REASONING_CHAT, {"enable_thinking": False}, True),
    ("reasoning_final_turn", REASONING_CHAT, {}, False),
    ("content_parts", PARTS_CHAT, {}, True),
    ("simple_no_prompt", SIMPLE, {}, False),
    ("options", SIMPLE, {"reasoning_effort": "high", "model_identity": "You are Hearth.",
                         "builtin_tools": ["browser", "python"], "date_string": "01 Jan 2030",
                         "tools_in_user_message": False, "clear_thinking": False}, True),
    ("builtin_and_custom_tools", TOOL_CHAT, {"builtin_tools": ["code_interpreter", "brave_search"], "tools": TOOLS,
                                             "tools_in_user_message": False}, True),
    ("empty", [], {}, True),
]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "../../../../../shared")
    templates_dir = os.path.join(shared, "templates")
    tokens = {}
    with open(os.path.join(templates_dir, "cases.jsonl"), encoding="utf-8") as f:
        for line in f:
            case = json.loads(line)
            tokens[case["template"]] = (case["bos_token"], case["eos_token"])

    env = gf.make_env(True)
    count = 0
    skipped = []
    with open(os.path.join(here, "shared_renders.jsonl"), "w", encoding="utf-8") as out:
        # Scenario lines first, then one line per (template, scenario) rendering.
        for scenario, messages, extra, add_generation_prompt in SCENARIOS:
            out.write(json.dumps({"scenario": scenario, "messages": messages, "extra": extra,
                                  "add_generation_prompt": add_generation_prompt, "now": gf.NOW},
                                 ensure_ascii=False) + "\n")
        for template_name in sorted(tokens):
            with open(os.path.join(templates_dir, template_name), encoding="utf-8") as f:
                template = env.from_string(f.read())
            bos, eos = tokens[template_name]
            for scenario, messages, extra, add_generation_prompt in SCENARIOS:
                context = {"messages": messages, "add_generation_prompt": add_generation_prompt,
                           "tools": None, "documents": None}
                if bos is not None:
                    context["bos_token"] = bos
                if eos is not None:
                    context["eos_token"] = eos
                context.update(extra)
                record = {"template": template_name, "scenario": scenario, "bos_token": bos, "eos_token": eos}
                try:
                    text = template.render(**context)
                    record.update(sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                                  length=len(text.encode("utf-8")), error=None)
                except Exception as e:  # noqa: BLE001
                    if isinstance(e, jinja2.exceptions.UndefinedError):
                        # Attribute access on undefined fails in jinja2 but is lenient
                        # here (by design), so there is nothing to compare.
                        skipped.append(f"{template_name} / {scenario}: {type(e).__name__}: {e}")
                        continue
                    if type(e) is jinja2.exceptions.TemplateError:
                        record.update(sha256=None, length=None, error=str(e))  # raise_exception()
                    else:
                        # A Python error such as str + None: rendering must fail too,
                        # with our own wording.
                        record.update(sha256=None, length=None, error=None, fails=f"{type(e).__name__}: {e}")
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
    for line in skipped:
        print("skipped (jinja2 itself failed):", line)
    print(f"wrote {count} renderings, skipped {len(skipped)}")


if __name__ == "__main__":
    main()
