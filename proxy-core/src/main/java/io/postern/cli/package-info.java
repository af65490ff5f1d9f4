/** The {@code postern} command line: {@link io.postern.cli.Main}. */
package io.postern.cli;
