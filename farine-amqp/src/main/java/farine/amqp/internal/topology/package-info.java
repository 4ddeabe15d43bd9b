/**
 * What farine declares on the broker and how it is named: {@code Topology} (a section's exchange, queue and binding
 * settings; declaring them; the dead-letter queue {@code <queue>.dead}) and {@code ExchangeTypes} (the exchange type
 * the services of an exchange agree on, binding arguments of a headers exchange).
 */
package farine.amqp.internal.topology;
