package io.postern.module;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.postern.spi.BufferPoolUsage;

/** Reads the allocator every channel uses (Netty's default) for {@link io.postern.spi.ModuleContext#bufferPoolUsage()}. */
final class BufferPools {

    private BufferPools() {
    }

    static BufferPoolUsage usage() {
        if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider provider) {
            ByteBufAllocatorMetric metric = provider.metric();
            return new BufferPoolUsage(metric.usedDirectMemory(), metric.usedHeapMemory());
        }
        return new BufferPoolUsage(0, 0); // an unpooled allocator holds nothing between uses
    }
}
