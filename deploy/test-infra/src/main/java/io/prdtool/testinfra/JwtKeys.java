package io.prdtool.testinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * An RSA-2048 key pair as PEM files: {@code public.pem} (X.509, what services verify with) and {@code private.pem}
 * (PKCS#8, what the test or development token issuer signs with). Never used in production, where services only
 * receive the identity provider's public key.
 */
public final class JwtKeys {

    private static JwtKeys forTests;

    private final Path publicKey;
    private final Path privateKeyFile;
    private final PrivateKey privateKey;

    private JwtKeys(Path publicKey, Path privateKeyFile, PrivateKey privateKey) {
        this.publicKey = publicKey;
        this.privateKeyFile = privateKeyFile;
        this.privateKey = privateKey;
    }

    /** A fresh pair for this test JVM. */
    public static synchronized JwtKeys forTests() {
        if (forTests == null) {
            try {
                forTests = loadOrCreate(Files.createTempDirectory("prdtool-jwt-"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return forTests;
    }

    /** Loads the pair kept in {@code dir}, generating it on first use (the local stack keeps it across restarts). */
    public static JwtKeys loadOrCreate(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path pub = dir.resolve("public.pem");
        Path priv = dir.resolve("private.pem");
        if (!Files.exists(pub) || !Files.exists(priv)) {
            KeyPair pair;
            try {
                KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
                gen.initialize(2048);
                pair = gen.generateKeyPair();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            Files.writeString(priv, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(pub, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        }
        return new JwtKeys(pub, priv, readPrivateKey(priv));
    }

    public Path publicKeyFile() {
        return publicKey;
    }

    public Path privateKeyFile() {
        return privateKeyFile;
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    private static PrivateKey readPrivateKey(Path file) throws IOException {
        String body = Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder()
                    .decode(body)));
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IOException("Not an RSA private key: " + file, e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
