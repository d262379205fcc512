"""nethprov import: CSV as spreadsheets save it, pasted invoices, lists; all or nothing, --partial,
idempotent re-imports, conflicts, exit codes (issue 4: the first commands)."""

import subprocess

from conftest import CLI


def _import(stack, data, *args):
    return subprocess.run([str(CLI), "import", *args, "-"], input=data, env=stack.env(), capture_output=True,
                          timeout=120)


def _phone(stack, mac):
    rows = stack.sql("SELECT brand, model FROM nethprov.phones WHERE mac = %s", (mac,))
    return rows[0] if rows else None


def test_libreoffice_csv_with_users(stack):
    # LibreOffice "Text CSV": UTF-8 BOM, ';' separator, CRLF, quoted cells, a header in another order
    data = ('\ufeff"Display name";"MAC address";Model;Extension\r\n'
            '"Rossi; Anna";00:15:65:7f:00:01;T46U;4801\r\n'
            '"Bianchi Luca";00-15-65-7F-00-02;T48U;4802\r\n').encode("utf-8")
    p = _import(stack, data)
    assert p.returncode == 0, p.stderr
    assert b"added 2" in p.stdout
    assert _phone(stack, "00:15:65:7f:00:01") == ("yealink", "T46U")
    dev = stack.sql("SELECT d.extension, u.display_name FROM nethprov.devices d JOIN nethprov.users u"
                    " ON u.extension = d.user_extension JOIN nethprov.phones p ON p.id = d.phone_id"
                    " WHERE p.mac = '00:15:65:7f:00:01'")
    assert dev == [("4801", "Rossi; Anna")]
    # the same file again changes nothing
    again = _import(stack, data)
    assert again.returncode == 0, again.stderr
    assert b"unchanged 2" in again.stdout


def test_pasted_invoice(stack):
    text = (b"Fattura 2026/117 del 12/11/2026\n"
            b"1 x Yealink T46U  SN 802108A1234567  MAC 00:15:65:7F:00:11   129,00 EUR\n"
            b"1 x Yealink T46U  SN 802108A1234568  MAC 0015.657f.0012      129,00 EUR\n"
            b"Tel. +39 0721 123456 - P.IVA 01234567890\n")
    p = _import(stack, text, "--model", "T46U")
    assert p.returncode == 0, p.stderr
    assert b"added 2" in p.stdout
    assert _phone(stack, "00:15:65:7f:00:12") == ("yealink", "T46U")


def test_all_or_nothing_then_partial(stack):
    data = b"001565 7f0021\n00:15:65:7f:00:22\n01:00:5e:00:00:01\n00:15:65:7f:00:23\n"
    p = _import(stack, data, "--format", "lines")
    assert p.returncode == 1
    assert b"line 3" in p.stderr and b"nothing written" in p.stdout
    assert _phone(stack, "00:15:65:7f:00:22") is None
    p = _import(stack, data, "--format", "lines", "--partial")
    assert p.returncode == 1  # something was refused, even if the rest was written
    assert _phone(stack, "00:15:65:7f:00:22") is not None
    assert _phone(stack, "00:15:65:7f:00:23") is not None


def test_conflicting_model_is_reported_not_changed(stack):
    assert _import(stack, b"00:15:65:7f:00:31\n", "--model", "T46U").returncode == 0
    p = _import(stack, b"00:15:65:7f:00:31\n", "--model", "T48U")
    assert p.returncode == 1
    assert b"conflicts 1" in p.stdout
    assert b"T46U" in p.stderr
    assert _phone(stack, "00:15:65:7f:00:31") == ("yealink", "T46U")


def test_dry_run_writes_nothing(stack):
    p = _import(stack, b"00:15:65:7f:00:41\n", "--dry-run")
    assert p.returncode == 0, p.stderr
    assert b"added 1" in p.stdout and b"dry run" in p.stdout
    assert _phone(stack, "00:15:65:7f:00:41") is None


def test_model_of_another_brand_refused(stack):
    p = _import(stack, b"00:15:65:7f:00:51;D785\n", "--format", "csv")
    assert p.returncode == 1
    assert b"not a yealink model" in p.stderr
    assert _phone(stack, "00:15:65:7f:00:51") is None


def test_usage_errors(stack):
    p = _import(stack, b"", "--format", "xml")
    assert p.returncode == 2
    assert b"--format" in p.stderr


_NO_DB = "host=/nonexistent/nethprov dbname=nethprov connect_timeout=2"


def _big_list(n=12000):
    """N Yealink MACs, one a line. The tests give a database that cannot be reached: the progress line
    comes after reading, before the database, and nothing is written."""
    return "".join(f"00:15:65:7d:{i >> 8:02x}:{i & 0xff:02x}\n" for i in range(n)).encode()


def test_big_import_prints_no_progress_to_a_pipe(stack):
    p = _import(stack, _big_list(), "--format", "lines", "--model", "T46U", "--db", _NO_DB)
    assert p.returncode == 3, p.stderr
    assert b"rows read" not in p.stderr and b"writing" not in p.stderr, p.stderr
    assert p.stderr.startswith(b"nethprov: cannot use the database"), p.stderr


def test_big_import_prints_progress_to_a_terminal(stack, tmp_path):
    import os
    import pty

    src = tmp_path / "big.txt"
    src.write_bytes(_big_list())
    master, slave = pty.openpty()
    try:
        p = subprocess.run([str(CLI), "import", "--format", "lines", "--model", "T46U", "--db", _NO_DB, str(src)],
                           env=stack.env(), stdout=subprocess.PIPE, stderr=slave, timeout=120)
        os.close(slave)
        slave = None
        err = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # EIO once the terminal has no writer left
                break
            if not chunk:
                break
            err += chunk
    finally:
        if slave is not None:
            os.close(slave)
        os.close(master)
    assert p.returncode == 3, err
    assert b"12000 rows read" in err, err
    assert b"rows read" not in p.stdout


def test_a_big_import_is_not_cut_short(stack):
    """The CLI's statements run without the module's 5-second bound: 12,000 rows import in one call."""
    rows = "mac;model\n" + "".join(f"00:15:65:6e:{i >> 8:02x}:{i & 255:02x};T46U\n" for i in range(12000))
    p = _import(stack, rows.encode())
    assert p.returncode == 0, p.stderr
    assert b"added 12000" in p.stdout
    assert stack.sql("SELECT count(*) FROM nethprov.phones WHERE mac::text LIKE '00:15:65:6e:%%'")[0][0] == 12000


def _check_code(stack, mac):
    rows = stack.sql("SELECT check_code FROM nethprov.rps_report WHERE mac = %s", (mac,))
    return rows[0][0] if rows else None


def test_gigaset_check_codes_from_a_csv_and_phone_add(stack):
    """The MAC-ID check code printed on a Gigaset label, needed by Gigaset's redirect service, comes with
    the import (a column) or with phone add (--check-code), and is stored with the phone."""
    data = (b"mac;model;MAC-ID code\n"
            b"7c:2f:80:7e:00:01;Maxwell3;ab1z\n"
            b"7c:2f:80:7e:00:02;Maxwell3;\n")
    p = _import(stack, data)
    assert p.returncode == 0, p.stderr
    assert b"added 2" in p.stdout and b"MAC-ID check codes stored: 1" in p.stdout
    assert _check_code(stack, "7c:2f:80:7e:00:01") == "AB1Z"
    assert _check_code(stack, "7c:2f:80:7e:00:02") is None

    # a malformed code is an error at its cell, and (all or nothing) nothing is written
    bad = b"mac;model;check code\n7c:2f:80:7e:00:03;Maxwell3;C0DE\n7c:2f:80:7e:00:04;Maxwell3;TOOLONG\n"
    p = _import(stack, bad)
    assert p.returncode == 1
    assert b"line 3, column 28: 'TOOLONG' is not a MAC-ID check code" in p.stderr, p.stderr
    assert _phone(stack, "7c:2f:80:7e:00:03") is None and _check_code(stack, "7c:2f:80:7e:00:03") is None

    env = stack.env()
    p = subprocess.run([str(CLI), "phone", "add", "7c:2f:80:7e:00:05", "--model", "Maxwell3", "--check-code", "x7y8"],
                       env=env, capture_output=True, timeout=60)
    assert p.returncode == 0, p.stderr
    assert b"MAC-ID check code X7Y8 stored" in p.stdout
    assert _check_code(stack, "7c:2f:80:7e:00:05") == "X7Y8"
    # a bad code refuses the phone too
    p = subprocess.run([str(CLI), "phone", "add", "7c:2f:80:7e:00:06", "--check-code", "12"],
                       env=env, capture_output=True, timeout=60)
    assert p.returncode == 1 and b"not a MAC-ID check code" not in p.stdout
    assert b"invalid MAC-ID check code" in p.stderr, p.stderr
    assert _phone(stack, "7c:2f:80:7e:00:06") is None


# ---- issue 10: the import never loses or hides data ----

def test_excel_sep_line_in_auto_and_csv_mode(stack):
    """Excel's "sep=;" first line names the delimiter: the model, user and name columns are imported, in auto
    mode (which read the file as free text and dropped them) and with --format csv (which refused the line)."""
    for fmt, last in (((), "01"), (("--format", "csv"), "02")):
        data = ("sep=;\r\nMAC;Model;Extension;Display name\r\n"
                f"00:15:65:7f:10:{last};T46U;47{last};Rossi, Anna {last}\r\n").encode()
        p = _import(stack, data, *fmt)
        assert p.returncode == 0, p.stderr
        assert b"added 1," in p.stdout, p.stdout
        assert _phone(stack, f"00:15:65:7f:10:{last}") == ("yealink", "T46U")
        dev = stack.sql("SELECT d.extension, u.display_name FROM nethprov.devices d JOIN nethprov.users u"
                        " ON u.extension = d.user_extension JOIN nethprov.phones p ON p.id = d.phone_id"
                        " WHERE p.mac = %s", (f"00:15:65:7f:10:{last}",))
        assert dev == [(f"47{last}", f"Rossi, Anna {last}")]


def test_auto_mode_says_when_it_drops_columns(stack):
    """A table pasted into prose is read as free text: the MACs are imported and stderr says the other cells
    were not."""
    data = b"Ciao Luca, ecco i telefoni\nMario;00:15:65:7f:10:11;T46U\nil secondo: 00:15:65:7f:10:12\na presto\n"
    p = _import(stack, data, "--dry-run")
    assert p.returncode == 0, p.stderr
    assert (b"-: read as free text: columns other than the MAC are ignored; use --format csv\n") in p.stderr
    # a table with a title line is a table
    p = _import(stack, b"Telefoni ufficio 3;;;\n00:15:65:7f:10:13;T46U;4813;Uno\n00:15:65:7f:10:14;T48U;4813;Uno\n",
                "--dry-run")
    assert b"read as free text" not in p.stderr
    assert b"line 1, column 1: refused: Telefoni ufficio 3 is not a MAC address" in p.stdout, p.stdout
    assert b"line 2, column 1: 00:15:65:7f:10:13 (yealink): added" in p.stdout, p.stdout


def test_gigaset_mac_id_label_in_free_text(stack):
    """"MAC-ID 7C2F80C0FFEE-WXYZ" on a Gigaset label: the MAC, and its check code stored as --check-code does."""
    data = b"Consegna: Gigaset N870 IP PRO, MAC-ID 7C2F807E1001-wx3z, S/N 2024-000123\n"
    p = _import(stack, data)
    assert p.returncode == 0, p.stderr
    assert b"added 1," in p.stdout and b"MAC-ID check codes stored: 1" in p.stdout, p.stdout
    assert b"line 1, column 39: 7c:2f:80:7e:10:01 (gigaset): added" in p.stdout, p.stdout
    assert _check_code(stack, "7c:2f:80:7e:10:01") == "WX3Z"


def test_free_text_lists_every_mac_and_ignores_look_alikes(stack):
    """Free text lists each MAC found with its line, brand and fate; twelve hex digits with no vendor's prefix
    (an order number) are listed as ignored and do not stop the import."""
    assert _import(stack, b"00:15:65:7f:10:21\n", "--model", "T46U").returncode == 0
    data = (b"DDT 55 - ordine 123456789ABC\n"
            b"T46U MAC 00:15:65:7f:10:21\n"
            b"T46U MAC 00:15:65:7f:10:22 e Snom D785 0004.1310.2233\n")
    p = _import(stack, data)
    assert p.returncode == 0, (p.stdout, p.stderr)
    assert p.stdout.decode().splitlines() == [
        "line 1, column 17: 123456789ABC: ignored: not a known phone vendor",
        "line 2, column 10: 00:15:65:7f:10:21 (yealink): unchanged",
        "line 3, column 10: 00:15:65:7f:10:22 (yealink): added",
        "line 3, column 40: 00:04:13:10:22:33 (snom): added",
        "added 2, unchanged 1, updated 0, conflicts 0, rejected 0, ignored 1",
    ]
    assert _phone(stack, "00:04:13:10:22:33") == ("snom", None)
    assert _phone(stack, "12:34:56:78:9a:bc") is None
    # a look-alike is still an error where the column says it is a MAC
    p = _import(stack, b"123456789ABC\n", "--format", "lines")
    assert p.returncode == 1 and b"no brand is known for MAC address 12:34:56:78:9a:bc" in p.stderr, p.stderr


def test_dry_run_lists_in_every_mode(stack):
    data = b"mac,model\n00:15:65:7f:10:31,T46U\n00:15:65:7f:10:31,T46U\n00:15:65:7f:10:32,D785\n"
    p = _import(stack, data, "--dry-run", "--format", "csv")
    assert p.returncode == 1
    out = p.stdout.decode()
    assert "line 2, column 1: 00:15:65:7f:10:31 (yealink): added\n" in out, out
    assert "line 3, column 1: 00:15:65:7f:10:31: duplicate of line 2, counted once\n" in out, out
    assert "line 4, column 1: 00:15:65:7f:10:32 (yealink): refused: model \"D785\" is not a yealink model" in out
    assert out.endswith("added 1, unchanged 0, updated 0, conflicts 0, rejected 1, duplicates 1 "
                        "(dry run: nothing written)\n"), out
    assert _phone(stack, "00:15:65:7f:10:31") is None
    # a refusal by the parser is listed too, in its place among the others
    p = _import(stack, b"00:15:65:7f:10:33\n00:15:65:GG:10:34\n", "--dry-run", "--format", "lines")
    assert p.stdout.decode().splitlines()[:2] == [
        "line 1, column 1: 00:15:65:7f:10:33 (yealink): added",
        "line 2, column 10: refused: 00:15:65:GG:10:34 is not a MAC address: 'G' is not a hex digit"]


def test_exact_duplicate_is_counted_once(stack):
    data = b"mac;model;extension;display name\n00:15:65:7f:10:41;T46U;4841;Bruno\n00-15-65-7F-10-41;T46U;4841;\n"
    p = _import(stack, data)
    assert p.returncode == 0, p.stderr
    assert b"line 3, column 1: 00-15-65-7F-10-41: duplicate of line 2, counted once\n" in p.stdout, p.stdout
    assert b"added 1, unchanged 0, updated 0, conflicts 0, rejected 0, duplicates 1\n" in p.stdout, p.stdout
    assert _phone(stack, "00:15:65:7f:10:41") == ("yealink", "T46U")
    # the same MAC with other data stays a conflict
    p = _import(stack, b"00:15:65:7f:10:42;T46U\n00:15:65:7f:10:42;T48U\n", "--format", "csv")
    assert p.returncode == 1
    assert b"conflicts 1" in p.stdout and b"also on line 1" in p.stderr
    assert _phone(stack, "00:15:65:7f:10:42") is None


def test_full_width_digits(stack):
    """Full-width digits (an IME left on) are their ASCII digits in every mode; a look-alike from another
    script is refused with its line and column."""
    fw = "".join(chr(ord(ch) + 0xFEE0) if ch != ":" else "\uff1a" for ch in "00:15:65:7f:10:51")
    for fmt in ("text", "lines", "csv"):
        p = _import(stack, (fw + "\n").encode(), "--format", fmt, "--dry-run")
        assert p.returncode == 0, (fmt, p.stderr)
        assert b"line 1, column 1: 00:15:65:7f:10:51 (yealink): added\n" in p.stdout, (fmt, p.stdout)
    p = _import(stack, "Nicolò: MAC 00:15:65:7f:10:51 e 00:15:65:7f:1\u04e7:52\n".encode())
    assert p.returncode == 1
    assert ("-: line 1, column 46: 00:15:65:7f:1\u04e7:52 is not a MAC address: '\u04e7' (U+04E7) is not an ASCII "
            "hex digit or separator\n").encode() in p.stderr, p.stderr.decode()
    assert _phone(stack, "00:15:65:7f:10:51") is None


def test_two_imports_at_once(stack, tmp_path):
    """Two overlapping imports in parallel: the second waits for the first and reports its rows unchanged,
    with no server text. The test holds the phones table so that both are under way before either writes."""
    import time

    rows = "mac,model\n" + "".join(f"00:15:65:7f:11:{i:02x},T46U\n" for i in range(40))
    hold = stack.connect()
    hold.autocommit = False
    procs = []
    try:
        with hold.cursor() as cur:
            cur.execute("LOCK TABLE nethprov.phones IN SHARE ROW EXCLUSIVE MODE")
            src = tmp_path / "phones.csv"
            src.write_text(rows)
            for _ in range(2):
                procs.append(subprocess.Popen([str(CLI), "import", str(src)], stdout=subprocess.PIPE,
                                              stderr=subprocess.PIPE, env=stack.env()))
            # Both are waiting on a lock (the table, or the import lock) before the table is let go. Asked on
            # another connection: within a transaction, pg_stat_activity keeps showing what it showed first.
            waiting = 0
            watch = stack.connect()
            try:
                with watch.cursor() as wcur:
                    for _ in range(1200):
                        wcur.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'nethprov'"
                                     " AND wait_event_type = 'Lock'")
                        waiting = wcur.fetchone()[0]
                        if waiting == 2:
                            break
                        time.sleep(0.05)
            finally:
                watch.close()
            assert waiting == 2, "the two imports never both waited"
        hold.commit()
        outs = [pr.communicate(timeout=120) for pr in procs]
    finally:
        hold.close()
        for pr in procs:
            if pr.poll() is None:
                pr.kill()
                pr.wait()
    for pr, (out, err) in zip(procs, outs):
        assert pr.returncode == 0, err
        for raw in (b"duplicate key", b"CONTEXT", b"PL/pgSQL", b"ERROR"):
            assert raw not in err and raw not in out, err
    summaries = sorted(out.decode().splitlines()[-1] for out, _ in outs)
    assert summaries == ["added 0, unchanged 40, updated 0, conflicts 0, rejected 0",
                         "added 40, unchanged 0, updated 0, conflicts 0, rejected 0"], summaries
    assert stack.sql("SELECT count(*) FROM nethprov.phones WHERE mac::text LIKE '00:15:65:7f:11:%%'")[0][0] == 40
