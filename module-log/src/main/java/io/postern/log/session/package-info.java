/**
 * What module-log knows about sessions: {@link io.postern.log.session.SessionTracker}, the
 * module's session listener, copies each session into immutable
 * {@link io.postern.log.session.LiveSession} and {@link io.postern.log.session.ClosedSession}
 * records on the event loop and hands them to {@link io.postern.log.session.SessionSink}s.
 */
package io.postern.log.session;
