package io.postern.spi;

/**
 * What the core's network buffer pool holds at one moment: the memory its arenas took from the
 * operating system (direct) and from the Java heap, whether or not buffers are in use in it.
 * Added in SPI 1.2, for metrics.
 *
 * @param directBytes direct (off-heap) memory held by the pool
 * @param heapBytes heap memory held by the pool
 */
public record BufferPoolUsage(long directBytes, long heapBytes) {
}
