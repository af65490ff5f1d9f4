/**
 * What the scenarios are run through: the targets. A {@link io.postern.bench.target.TargetSpec}
 * says what a target is ({@link io.postern.bench.target.Targets#standard()}: direct, postern,
 * nginx, postern-filtered, and the command line's with {@link io.postern.bench.target.Targets#withCommandLine});
 * {@link io.postern.bench.target.PosternLauncher} and {@link io.postern.bench.target.NginxLauncher}
 * start a proxy as a throwaway process of its own with a generated configuration (the same
 * certificate and pinned TLS settings for both, {@link io.postern.bench.target.TlsFiles}), and {@link io.postern.bench.target.DirectTarget} is no proxy at
 * all. Every target is a {@link io.postern.bench.target.RunningTarget}; the proxy's CPU time and
 * resident memory come from {@code /proc} ({@link io.postern.bench.target.ProcStats}).
 */
package io.postern.bench.target;
