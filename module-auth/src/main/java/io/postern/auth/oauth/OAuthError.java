package io.postern.auth.oauth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * RFC 7628 3.2.2's error for a refused token, sent as the SASL challenge before the failure:
 * {@code {"status":"invalid_token","scope":"...","openid-configuration":"..."}}. The status is
 * {@code invalid_token} for a token that is bad, expired or for someone else, and
 * {@code insufficient_scope} for a good token without the required scope (RFC 6750 3.1).
 */
record OAuthError(String status, Optional<String> scope, Optional<String> openidConfiguration) {

    static final String INVALID_TOKEN = "invalid_token";
    static final String INSUFFICIENT_SCOPE = "insufficient_scope";

    /** The JSON object, members in RFC 7628's order. */
    String json() {
        Map<String, String> members = new LinkedHashMap<>();
        members.put("status", status);
        scope.ifPresent(s -> members.put("scope", s));
        openidConfiguration.ifPresent(u -> members.put("openid-configuration", u));
        StringBuilder out = new StringBuilder("{");
        members.forEach((name, value) -> {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append(quote(name)).append(':').append(quote(value));
        });
        return out.append('}').toString();
    }

    /** The challenge's text: the JSON in base64. */
    String challenge() {
        return Base64.getEncoder().encodeToString(json().getBytes(StandardCharsets.UTF_8));
    }

    private static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
