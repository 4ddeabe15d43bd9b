package farine.internal;

/** Planted: a core type that knows a transport by what it is for (an amqp:// URI), not by the classes it uses. */
interface PlantedBrokerSpi {
    String start(int port);
}
