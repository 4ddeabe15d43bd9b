/**
 * The in-process development broker (Apache Qpid Broker-J): {@link farine.embedded.EmbeddedBrokers} for the
 * launcher and the test support. See docs/embedded.md.
 */
package farine.embedded;
