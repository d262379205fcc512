-- 003: the account state the PBX owns (call waiting, DND, call forwarding).
--
-- The templates read these variables since the brands landed, but the catalogue did not list
-- them, so nobody could set them. NethVoice fills them from Asterisk's database for every
-- account; here a PBX integration (or a DBA) sets them at the phone level, e.g. with
-- nethprov.setting_set('phone', NULL, NULL, 'account_dnd_enable_1', '1', '001565aabbcc').
-- Empty means "the phone keeps its own state", which is what every template does with "".

INSERT INTO nethprov.variables (name, type, allowed, min_value, max_value, pattern, hint, indexed, secret, description)
VALUES
('account_call_waiting', 'boolean', NULL, NULL, NULL, NULL, NULL, true, false,
 'PBX state: call waiting of account N is on (1) or off (0); empty: the phone''s own setting'),
('account_dnd_enable', 'boolean', NULL, NULL, NULL, NULL, NULL, true, false,
 'PBX state: do-not-disturb of account N is on (1) or off (0); empty: the phone''s own setting'),
('account_always_fwd_target', 'string', NULL, NULL, NULL, '^\+?[0-9*#]{1,32}$', 'a number (digits, * and #, optionally a leading +)',
 true, false, 'PBX state: number every call to account N is forwarded to; empty: no unconditional forward'),
('account_busy_fwd_target', 'string', NULL, NULL, NULL, '^\+?[0-9*#]{1,32}$', 'a number (digits, * and #, optionally a leading +)',
 true, false, 'PBX state: number calls to account N are forwarded to when busy; empty: none'),
('account_timeout_fwd_target', 'string', NULL, NULL, NULL, '^\+?[0-9*#]{1,32}$', 'a number (digits, * and #, optionally a leading +)',
 true, false, 'PBX state: number unanswered calls to account N are forwarded to; empty: none'),
('account_cftimeout', 'integer', NULL, 1, 3600, NULL, NULL, true, false,
 'PBX state: seconds of ringing before an unanswered call to account N is forwarded; empty: cftimeout');
