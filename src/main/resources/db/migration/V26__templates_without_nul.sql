-- A template's channels are json (not jsonb, to keep their order), which accepts the escape \u0000 (NUL): such a
-- template was stored, then every send with it failed where its texts became jsonb or text. The API now refuses
-- NUL in any text; the escapes already stored are removed (an escaped backslash followed by u0000 is kept).
UPDATE template_version
SET channels = regexp_replace(channels::text, '(?<!\\)((?:\\\\)*)\\u0000', '\1', 'g')::json
WHERE channels::text ~ '(?<!\\)(?:\\\\)*\\u0000';
