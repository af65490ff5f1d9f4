package io.postern.config;

import java.util.Locale;

/** The {@code proxy_protocol} directive: which PROXY protocol header, if any, opens each upstream connection. */
public enum UpstreamProxyProtocol {
    /** No header (nginx's default). */
    OFF,
    /** Version 1, a text line: {@code PROXY TCP4 <client> <local> <cport> <lport>\r\n}. */
    V1,
    /** Version 2, the binary form. */
    V2;

    /** Reads the directive's checked value: {@code off}, {@code on} or {@code v2}. */
    static UpstreamProxyProtocol parse(String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "off":
                return OFF;
            case "on":
                return V1;
            case "v2":
                return V2;
            default:
                throw new IllegalArgumentException("proxy_protocol: \"" + value + "\" (expected: off, on or v2)");
        }
    }
}
