/**
 * The bearer-token validator for sites without an auth server: XOAUTH2 and OAUTHBEARER logins
 * ({@link io.postern.spi.Credentials.Bearer}) checked locally, as a JWT against the identity
 * provider's JWKS ({@link io.postern.auth.oauth.JwtVerifier}) or by RFC 7662 introspection
 * ({@link io.postern.auth.oauth.Introspection}), with the claims an operator requires
 * ({@link io.postern.auth.oauth.ClaimsCheck}). A refused token gets RFC 7628's error challenge
 * ({@link io.postern.auth.oauth.OAuthError}). Entry point: {@link io.postern.auth.oauth.OAuthFeature}.
 */
package io.postern.auth.oauth;
