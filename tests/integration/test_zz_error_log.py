"""After everything else (this file runs last): httpd's logs hold no secret."""


def test_error_log_has_no_secrets(stack):
    for (tok1, tok2) in stack.sql("SELECT tok1, tok2 FROM nethprov.phones"):
        stack.remember(tok1, tok2)
    for (pw,) in stack.sql("SELECT sip_password FROM nethprov.devices"):
        stack.remember(pw)
    for (v,) in stack.sql(
        """SELECT value FROM nethprov.settings_default WHERE nethprov.is_secret(name)
           UNION SELECT value FROM nethprov.settings_model WHERE nethprov.is_secret(name)
           UNION SELECT value FROM nethprov.settings_phone WHERE nethprov.is_secret(name)"""
    ):
        if v not in ("", "-"):
            stack.remember(v)
    secrets = {s for s in stack.secrets if len(s) >= 6}
    assert secrets
    log = stack.error_log.read_text(errors="replace")
    assert "[nethprov:" in log, "the module logged nothing: the check would prove nothing"
    leaks = [(s, ln) for ln in log.splitlines() for s in secrets if s in ln]
    assert not leaks, "secrets in the error log:\n" + "\n".join(f"{s[:6]}...: {ln}" for s, ln in leaks[:10])


def test_access_log_has_no_tokens(stack):
    """The access log names the file a phone fetched, never the token in its URL."""
    for (tok1, tok2) in stack.sql("SELECT tok1, tok2 FROM nethprov.phones"):
        stack.remember(tok1, tok2)
    log = (stack.httpdbase / "logs" / "access_log").read_text(errors="replace")
    assert "/***/001565" in log, "no masked provisioning request in the access log: the check would prove nothing"
    secrets = {s for s in stack.secrets if len(s) >= 6}
    leaks = [(s, ln) for ln in log.splitlines() for s in secrets if s in ln]
    assert not leaks, "secrets in the access log:\n" + "\n".join(f"{s[:6]}...: {ln}" for s, ln in leaks[:10])
