"""Locating the line of each key path in TOML and JSON texts."""

from __future__ import annotations

import textwrap

from slacore._file_lines import json_lines, toml_lines


class TestLines:
    def test_toml(self):
        """Keys, tables, arrays of tables and array items get their lines."""
        text = textwrap.dedent(
            """\
            # comment
            a = 1  # trailing
            "quoted key" = 'literal'
            b.c = "x\\"y"
            multi = \"\"\"
            not = a key
            \"\"\"
            literal = '''
            still = text
            '''
            arr = [
              1,  # one
              [2, 3],
              { k = "v", "k 2" = [ { z = 1 } ] },
            ]
            when = 1979-05-27 07:32:00Z

            [t]
            x = 1

            [ "s p" . 'q' ]
            y = 2

            [[aot]]
            n = 1

            [aot.sub]
            m = 1

            [[aot]]
            n = 2

            [[aot.inner]]
            o = 1
            """
        )
        lines = toml_lines(text)
        assert lines[("a",)] == 2
        assert lines[("quoted key",)] == 3
        assert lines[("b", "c")] == 4
        assert lines[("multi",)] == 5
        assert ("not",) not in lines
        assert ("still",) not in lines
        assert lines[("arr",)] == 11
        assert lines[("arr", 0)] == 12
        assert lines[("arr", 1, 1)] == 13
        assert lines[("arr", 2, "k 2", 0, "z")] == 14
        assert lines[("when",)] == 16
        assert lines[("t",)] == 18
        assert lines[("t", "x")] == 19
        assert lines[("s p", "q", "y")] == 22
        assert lines[("aot", 0)] == 24
        assert lines[("aot", 0, "sub", "m")] == 28
        assert lines[("aot", 1, "n")] == 31
        assert lines[("aot", 1, "inner", 0, "o")] == 34

    def test_toml_escapes(self):
        """Quoted keys are decoded, as tomllib decodes them."""
        lines = toml_lines('"a\\u0062\\U00000063\\n" = 1\n"\\\\" = 2\n')
        assert lines[("abc\n",)] == 1
        assert lines[("\\",)] == 2

    def test_toml_multiline_quotes(self):
        """A multi-line string may end with extra quotes."""
        lines = toml_lines('a = """x""""\nb = \'\'\'y\'\'\'\'\nc = """\\\\"""\nd = 1\n')
        assert (lines[("b",)], lines[("c",)], lines[("d",)]) == (2, 3, 4)

    def test_json(self):
        """JSON keys and array items get their lines."""
        text = '{\n "a": [\n  1,\n  {"b\\"": "x"}\n ],\n "c": true\n}'
        lines = json_lines(text)
        assert lines == {
            (): 1,
            ("a",): 2,
            ("a", 0): 3,
            ("a", 1): 4,
            ("a", 1, 'b"'): 4,
            ("c",): 6,
        }


# -- writing -----------------------------------------------------------------------
