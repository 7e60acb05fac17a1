package io.prdtool.ai.provider;

/**
 * Where and how to call a model: {@code kind} ({@code openai}: any OpenAI-compatible /v1, {@code azure}: an Azure
 * OpenAI deployment URL), the base URL, the model, the API key (may be null for local servers), Azure's API version,
 * the name of the token-limit field, and where the configuration came from. {@code guarded}: the base URL came from
 * an organization and must pass the SSRF guard at every call. {@link #toString()} never shows the key.
 */
public record ProviderConfig(String kind, String baseUrl, String model, String apiKey, String apiVersion,
        String tokenLimitField, Source source, boolean guarded) {

    public enum Source {

        DEPLOYMENT, ORGANIZATION;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    @Override
    public String toString() {
        return "ProviderConfig[kind=" + kind + ", baseUrl=" + baseUrl + ", model=" + model + ", apiKey="
                + (apiKey == null ? "none" : "***") + ", source=" + source + "]";
    }
}
