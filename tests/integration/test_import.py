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
