package farine.bench;

/**
 * What the raw side's RPC asks of the broker beyond its default (farine's protocol without farine's code), one
 * thing at a time, to find what each costs the broker ({@code --raw-protocol}, docs/bench.md "Ninth pass"). The
 * default raw side publishes its replies on the consuming channel and acks right after, as farine's server does by
 * default (ordered replies); farine with {@code reply_confirm = true} publishes them on its publishing connection with
 * confirms and acks each request on its reply's confirm.
 */
enum RawProtocol {
    /** The client consumes direct reply-to ({@code amq.rabbitmq.reply-to}) instead of its classic reply queue. */
    direct_reply_to,
    /** Requests without the per-message {@code expiration}. */
    no_expiration,
    /** Requests without headers (no deadline, no single-reply flag: the server then sends body and {@code __end__}). */
    no_headers,
    /** Requests with a {@code traceparent} header, as farine's client sends. */
    traceparent,
    /** Requests published with {@code mandatory}, as farine's client publishes them. */
    mandatory,
    /** The client publishes its requests on a channel of their own, as farine's does, not on the reply queue's. */
    request_channel,
    /** The server publishes its replies on a channel of the publishing connection (no confirms). */
    reply_connection,
    /** With {@link #reply_connection}: that channel in confirm mode, each request acked on its reply's confirm, as farine's with {@code reply_confirm = true}. */
    reply_confirms,
    /**
     * With {@link #reply_confirms}: each confirm acknowledges its requests with one {@code basic.ack} with
     * {@code multiple} set (the raw server replies in delivery order, so a confirm settles a run of delivery tags).
     */
    multiple_acks,
    /** The client's reply queue declared with {@code x-queue-version = 2} (classic queues' second index and store, RabbitMQ 3.10+). */
    reply_queue_v2
}
