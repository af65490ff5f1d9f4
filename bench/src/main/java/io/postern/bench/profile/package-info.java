/** Reading the JFR recording of Postern's process: {@link io.postern.bench.profile.HotMethods}. */
package io.postern.bench.profile;
