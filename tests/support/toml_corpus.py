"""A corpus of config.toml files covering every TOML value type and syntax form, each marked with
what the pinned Codex does with it (checked against the real binary by
``tests/core/test_toml_corpus.py::test_the_real_codex_agrees_with_the_corpus``):

- ``VALID``: TOML 1.0, Codex loads it;
- ``VALID_1_1``: TOML 1.1 only (Python's tomllib refuses it), Codex loads it;
- ``INVALID``: Codex refuses it (``codex features list`` exits 1 with ``path:line:col``); for each,
  the line Codex names.

Every key is one Codex does not know, so Codex ignores the values (with a warning) and only the
syntax decides. Written for this project (not copied from the public toml-test suite).
"""

from __future__ import annotations

# ruff: noqa: E501  (each file on as few lines as it reads best)

VALID: dict[str, str] = {
    "empty": "",
    "only_comments": "# a comment\n\n   # indented comment\n",
    "basic_strings": 'a = "plain"\nb = "tab\\tnewline\\nquote\\"backslash\\\\"\nc = "\\u00e9\\U0001F600"\n'
    'd = "\\b\\f\\r"\ne = ""\nf = "café ☕ 中文"\n',
    "literal_strings": "a = 'C:\\Users\\me'\nb = ''\nc = 'say \"hi\"'\n",
    "multiline_basic": 'a = """\nfirst\nsecond"""\nb = """one \\\n    two"""\nc = """""q"""""\n'
    'd = """tab\there"""\n',
    "multiline_literal": "a = '''\nraw \\n text\n'''\nb = '''''q'''''\n",
    "integers": "a = 0\nb = +42\nc = -17\nd = 1_000_000\ne = 9223372036854775807\n"
    "f = -9223372036854775808\ng = -0\n",
    "integers_other_bases": "a = 0xDEADbeef\nb = 0xdead_beef\nc = 0o755\nd = 0b1101_0101\ne = 0x0\n",
    "floats": "a = 3.1415\nb = -0.01\nc = 5e+22\nd = 1e06\ne = -2E-2\nf = 6.626e-34\n"
    "g = 224_617.445_991\nh = -0.0\ni = +0.0\n",
    "floats_special": "a = inf\nb = +inf\nc = -inf\nd = nan\ne = +nan\nf = -nan\n",
    "nan_everywhere": "a = nan\nb = [1.0, nan]\nc = { x = nan, y = [nan] }\n\n[t]\nv = nan\n",
    "booleans": "a = true\nb = false\n",
    "offset_datetimes": "a = 1979-05-27T07:32:00Z\nb = 1979-05-27T00:32:00-07:00\n"
    "c = 1979-05-27T00:32:00.999999+05:30\nd = 1979-05-27 07:32:00Z\ne = 1979-05-27t07:32:00z\n",
    "local_datetimes": "a = 1979-05-27T07:32:00\nb = 1979-05-27T00:32:00.999999\n",
    "local_dates": "a = 1979-05-27\nb = 2020-02-29\n",
    "local_times": "a = 07:32:00\nb = 00:32:00.999999\nd = 07:32:00.1234567891\n",
    # Valid TOML that Python's datetime (so tomllib and tomlkit) cannot hold.
    "year_zero_and_leap_second": "a = 0000-01-01\nb = 23:59:60\nc = 1979-05-27T23:59:60Z\n",
    "arrays": 'a = [1, 2, 3]\nb = ["x", \'y\']\nc = [[1, 2], ["a"]]\nd = []\ne = [1, "mixed", 2.0]\n'
    "f = [\n  1, # one\n  2,\n]\n",
    "inline_tables": 'a = { x = 1, y = "two" }\nb = {}\nc = { d.e = 1, d.f = 2 }\n'
    "g = { nested = { deep = true } }\n",
    "tables": '[t]\na = 1\n\n[t.sub]\nb = 2\n\n[ u . "quoted key" ]\nc = 3\n',
    "implicit_tables": "[a.b.c]\nx = 1\n\n[a]\ny = 2\n",
    "arrays_of_tables": '[[fruit]]\nname = "apple"\n\n[fruit.physical]\ncolor = "red"\n\n'
    '[[fruit.variety]]\nname = "red delicious"\n\n[[fruit]]\nname = "banana"\n',
    "dotted_keys": 'a.b.c = 1\na.b.d = 2\n"quoted".key = 3\n\'lit\'.k = 4\n site."google.com" = true\n',
    "dotted_then_subtable": "a.b = 1\n\n[a.c]\nd = 2\n",
    "table_defined_after_its_subtable": "[a.b]\nx = 1\n[a]\ny = 2\n",
    "subtables_of_each_array_entry": "[[a]]\n[a.b]\n[[a]]\n[a.b]\n",
    "dotted_keys_in_an_array_entry": "[[a]]\nb.c = 1\n[a.b.d]\n",
    "subtable_of_dotted_from_another_section": "[a]\nb.c = 1\n[x]\n[a.b.e]\n",
    "nested_arrays_of_tables": "[[a]]\n[[a.b]]\n[a.b.c]\n[[a.b]]\n",
    "same_key_in_two_tables": "a = 1\n[b]\na = 2\n",
    "quoted_keys": '"" = 1\n"with space" = 2\n\'single\' = 3\n"é" = 4\n"\\u0041" = 5\n1234 = 6\n'
    "-_ = 7\n",
    "whitespace": "\ta\t=\t1\t\n  b  =  2  # trailing comment\n\n\n[ t ]\n  c = 3\n",
    "no_final_newline": "a = 1",
    "comment_without_newline": "a = 1 # end",
    "crlf": "a = 1\r\n[t]\r\nb = 'x'\r\n",
    "comment_with_unicode_and_tab": "# 中文 ☕\tand a tab\na = 1\n",
    "keys_like_values": "true = 1\nfalse = 2\ninf = 3\nnan = 4\n1979-05-27 = 5\n",
    "bom": "\ufeffa = 1\n",
}

VALID_1_1: dict[str, str] = {
    "inline_table_newlines": "a = { x = 1,\n      y = 2 }\n",
    "inline_table_trailing_comma": "a = { x = 1, y = 2, }\n",
    "inline_table_comments": "a = {\n  x = 1, # first\n  # between\n  y = 2,\n}\n",
    "inline_table_empty_lines": "a = {\n\n}\n",
    "time_without_seconds": "a = 12:30\n",
    "datetime_without_seconds": "a = 1979-05-27T07:32\nb = 1979-05-27 07:32Z\n",
    "hex_escape": 'a = "\\x41\\x7e"\nb = "\\xff"\n',
    "escape_escape": 'a = "\\e[1m"\n',
    "hex_escape_in_key": '"\\x41" = 1\n',
    "multiline_hex_escape": 'a = """\\x41\nb"""\n',
    "nested_1_1_in_array": 'a = [{ x = 12:30, }, "\\e"]\n',
}

# name -> (text, the line Codex names)
INVALID: dict[str, tuple[str, int]] = {
    "arabic_indic_digit": ("a = 1\u0660\n", 1),
    "arabic_indic_digit_in_table": ("x = 1\n\n[t]\na = 1\u0660\n", 4),
    "fullwidth_digit": ("a = \uff11\n", 1),
    "superscript_digit": ("a = 1\u00b2\n", 1),
    "non_ascii_digit_in_float": ("a = 1.\u0660\n", 1),
    "non_ascii_digit_in_hex": ("a = 0x\u0661\n", 1),
    "non_ascii_digit_in_date": ("a = 1979-05-2\u0667\n", 1),
    "vertical_tab_after_value": ("a = 1\x0b\n", 1),
    "form_feed_after_value": ("a = 1\x0c\n", 1),
    "vertical_tab_after_string": ('a = "x"\x0b\n', 1),
    "nul_after_value": ("b = 2\na = true\x00\n", 2),
    "no_break_space_before_value": ("a =\u00a01\n", 1),
    "control_char_before_key": ("\x0ba = 1\n", 1),
    "control_char_in_comment": ("a = 1 # x\x01\n", 1),
    "delete_in_comment": ("# x\x7f\na = 1\n", 1),
    "delete_in_string": ('a = "x\x7f"\n', 1),
    "nul_in_string": ('a = "\x00"\n', 1),
    "control_char_in_literal": ("a = 'x\x01'\n", 1),
    "control_char_in_multiline": ('a = """\nx\x02"""\n', 2),
    "lone_carriage_return": ("a = 1\rb = 2\n", 1),
    "byte_order_mark_mid_file": ("a = 1\n\ufeffb = 2\n", 2),
    "integer_too_large": ("a = 9223372036854775808\n", 1),
    "integer_too_small": ("a = -9223372036854775809\n", 1),
    "hex_too_large": ("a = 0x8000000000000000\n", 1),
    "float_overflow": ("a = 1e400\n", 1),
    "leading_zero": ("a = 01\n", 1),
    "leading_zero_float": ("a = 01.5\n", 1),
    "signed_hex": ("a = -0x1\n", 1),
    "upper_case_radix": ("a = 0X1\n", 1),
    "double_underscore": ("a = 1__0\n", 1),
    "trailing_underscore": ("a = 10_\n", 1),
    "underscore_after_prefix": ("a = 0x_1\n", 1),
    "float_without_fraction": ("a = 1.\n", 1),
    "float_without_integer": ("a = .5\n", 1),
    "exponent_without_digits": ("a = 1e\n", 1),
    "capitalised_boolean": ("a = True\n", 1),
    "capitalised_nan": ("a = NaN\n", 1),
    "unquoted_text": ("a = hello\n", 1),
    "no_value": ("b = 1\na =\n", 2),
    "no_equals": ("a 1\n", 1),
    "two_values_on_a_line": ("a = 1 b = 2\n", 1),
    "impossible_date": ("a = 2021-02-29\n", 1),
    "month_13": ("a = 2021-13-01\n", 1),
    "hour_24": ("a = 24:00:00\n", 1),
    "offset_hour_24": ("a = 1979-05-27T07:32:00+24:00\n", 1),
    "fraction_without_digits": ("a = 07:32:00.\n", 1),
    "one_digit_hour": ("a = 7:32:00\n", 1),
    "fraction_without_seconds": ("a = 07:32.5\n", 1),
    "time_with_offset": ("a = 07:32:00Z\n", 1),
    "surrogate_escape": ('a = "\\uD800"\n', 1),
    "escape_beyond_unicode": ('a = "\\U00110000"\n', 1),
    "unknown_escape": ('a = "\\q"\n', 1),
    "short_hex_escape": ('a = "\\x4"\n', 1),
    "unclosed_string": ('a = "open\nb = 1\n', 1),
    "unclosed_multiline": ('a = """open\nb = 1\n', 1),
    "six_closing_quotes": ('a = """a""""""\n', 1),
    "backslash_space_not_line_end": ('a = """a\\  b"""\n', 1),
    "unicode_bare_key": ("\u00e9 = 1\n", 1),
    "multiline_string_key": ('"""a""" = 1\n', 1),
    "empty_bare_key": ("= 1\n", 1),
    "duplicate_key": ("a = 1\na = 2\n", 2),
    "duplicate_table": ("[t]\na = 1\n[t]\nb = 2\n", 3),
    "table_over_dotted": ("a.b = 1\n[a]\nc = 1\n", 2),
    "subtable_over_dotted": ("[a]\nb.c = 1\n[a.b]\nd = 1\n", 3),
    "dotted_over_table": ("[a.b]\nx = 1\n[a]\nb.y = 2\n", 4),
    "extend_inline_table": ("a = {b = 1}\n[a.c]\n", 2),
    "dotted_into_implicit_table": ("[a.b.c]\nx = 1\n[a]\nb.d = 1\n", 4),
    "implicit_table_defined_twice": ("[a.b]\n[a]\n[a]\n", 3),
    "array_entry_subtable_twice": ("[[a]]\n[a.b]\n[a.b]\n", 3),
    "array_of_tables_over_table": ("[a.b]\n[[a]]\n", 2),
    "extend_inline_table_in_array_entry": ("[[a]]\nb = {c=1}\n[a.b.d]\n", 3),
    "table_reopened_after_subtable": ("[a]\nb.c=1\n[a.x]\n[a]\n", 4),
    "subtable_of_array_value": ("a = [{b=1}]\n[a.c]\n", 2),
    "extend_inline_by_dotted": ("a = {b = 1}\na.c = 2\n", 2),
    "inline_reopened_inside": ("a = { b = { c = 1 }, b.d = 2 }\n", 1),
    "array_of_tables_over_array": ("a = []\n[[a]]\n", 2),
    "table_over_array_of_tables": ("[[a]]\n[a]\n", 2),
    "table_over_value": ("a = 1\n[a]\n", 2),
    "spaced_array_of_tables_header": ("[ [a] ]\n", 1),
    "empty_table_header": ("[]\n", 1),
    "unclosed_table_header": ("[a\nb = 1\n", 1),
    "text_after_header": ("[a] b = 1\n", 1),
    "array_lone_comma": ("a = [,]\n", 1),
    "array_missing_comma": ("a = [1 2]\n", 1),
    "array_unclosed": ("a = [1,\nb = 2\n", 2),
    "inline_lone_comma": ("a = { , }\n", 1),
    "inline_duplicate_key": ("a = { b = 1, b = 2 }\n", 1),
    "inline_missing_comma": ("a = { b = 1 c = 2 }\n", 1),
}


def all_valid() -> dict[str, str]:
    return {**VALID, **VALID_1_1}
