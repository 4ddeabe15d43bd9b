package farine.rpc;

/** The typed view of {@link Vault}. */
public interface VaultClient {

    int open(int amount);

    int peek();

    String hello();
}
