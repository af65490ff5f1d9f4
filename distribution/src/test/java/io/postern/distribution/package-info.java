/**
 * Smoke tests of the packaged distribution in {@code target/postern/}, run by failsafe after
 * the assembly: its layout ({@link io.postern.distribution.DistributionLayoutIT}), the shipped
 * configuration files ({@link io.postern.distribution.ShippedConfigIT}), and the real
 * {@code bin/postern} launcher ({@link io.postern.distribution.LauncherIT}).
 */
package io.postern.distribution;
