/**
 * The client side of RPC: the {@code @RpcClient} dependency ({@code RpcClientProvider}) and the standalone
 * {@code RpcClients.connect} ({@code StandaloneClients}, found through {@code ClientsConnector}), the proxies
 * ({@code ServiceProxy}, {@code TypedProxy}), a call to one service ({@code RemoteService}, {@code RemoteSettings}),
 * the reply queue and its listener ({@code ReplyListener}, {@code ReplyListeners}), calls awaiting replies
 * ({@code PendingCall}, {@code FrameQueue} for streams) and remote failures turned into exceptions
 * ({@code RemoteErrors}).
 */
package farine.rpc.internal.client;
