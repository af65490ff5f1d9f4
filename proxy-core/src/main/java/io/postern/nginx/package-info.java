/**
 * Reads nginx's own configuration syntax and converts its {@code mail} block into Postern's
 * HOCON: {@code postern import-nginx FILE}.
 *
 * <p>Entry points: {@link io.postern.nginx.NginxImporter#convert} (a file to HOCON and the
 * warnings for what it dropped), {@link io.postern.nginx.NginxConfigReader} (the syntax, with
 * nginx's {@code include}), and {@link io.postern.nginx.NginxDirectives}, the one table of
 * nginx's mail directives and what each becomes, which the migration page documents.
 */
package io.postern.nginx;
