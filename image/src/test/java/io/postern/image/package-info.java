/**
 * Tests of the container image Jib writes to {@code target/postern-image.tar}: its
 * configuration (user, entrypoint, ports, volumes) and layers as {@code docker load} reads
 * them ({@link io.postern.image.ContainerImageIT}), and the image run from its own root file
 * system, with no Docker engine ({@link io.postern.image.ImageRootIT}).
 */
package io.postern.image;
