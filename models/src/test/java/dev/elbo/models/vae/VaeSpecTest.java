package dev.elbo.models.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elbo.models.dist.LikelihoodSpec;
import dev.elbo.models.dist.LikelihoodSpec.GaussianVariance;
import dev.elbo.models.nn.Activation;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VaeSpecTest {
    static final String IWAE_MNIST = "{\"inputDim\":784,\"encoderHidden\":[200,200],\"latentDim\":50,"
            + "\"decoderHidden\":[200,200],\"activation\":\"tanh\",\"likelihood\":{\"kind\":\"bernoulli\"}}";

    static Stream<VaeSpec> specs() {
        return Stream.of(
                VaeSpec.symmetric(784, List.of(200, 200), 50, Activation.TANH, LikelihoodSpec.bernoulli()),
                new VaeSpec(20, List.of(), 3, List.of(), Activation.IDENTITY, LikelihoodSpec.gaussianFixed(0.125)),
                new VaeSpec(20, List.of(16), 3, List.of(8, 12), Activation.ELU, LikelihoodSpec.gaussian(GaussianVariance.FEATURE)),
                new VaeSpec(20, List.of(16), 3, List.of(), Activation.SOFTPLUS, LikelihoodSpec.gaussian(GaussianVariance.EXAMPLE)),
                new VaeSpec(42, List.of(30, 20), 5, List.of(20, 30), Activation.RELU, LikelihoodSpec.categorical(21)));
    }

    @ParameterizedTest
    @MethodSource("specs")
    void jsonRoundTrips(VaeSpec spec) {
        String json = spec.toJson();
        VaeSpec back = VaeSpec.fromJson(json);
        assertEquals(spec, back, json);
        assertEquals(json, back.toJson());
    }

    @Test
    void theDocumentedMnistSpecReads() {
        VaeSpec spec = VaeSpec.fromJson(IWAE_MNIST);
        assertEquals(VaeSpec.symmetric(784, List.of(200, 200), 50, Activation.TANH, LikelihoodSpec.bernoulli()), spec);
        assertEquals(IWAE_MNIST, spec.toJson());
        assertEquals("[784, 200, 200, 100]", java.util.Arrays.toString(spec.encoderSizes()));
        assertEquals("[50, 200, 200, 784]", java.util.Arrays.toString(spec.decoderSizes(784)));
        // whitespace and field order do not matter
        assertEquals(spec, VaeSpec.fromJson("{ \"likelihood\" : {\"kind\":\"bernoulli\"},\n \"activation\":\"TANH\", \"latentDim\":50,"
                + " \"decoderHidden\":[200,200], \"encoderHidden\":[200, 200], \"inputDim\":784.0 }"));
    }

    static Stream<Arguments> badJson() {
        String base = IWAE_MNIST;
        return Stream.of(
                Arguments.of(base.replace("\"latentDim\":50", "\"latentDim\":-3"), "'latentDim' must be a positive integer, got -3"),
                Arguments.of(base.replace("\"latentDim\":50", "\"latentDim\":2.5"), "'latentDim' must be a positive integer, got 2.5"),
                Arguments.of(base.replace("\"latentDim\":50", "\"latentDim\":\"50\""), "'latentDim' must be a positive integer"),
                Arguments.of(base.replace("\"latentDim\":50,", ""), "field 'latentDim' is missing"),
                Arguments.of(base.replace("\"latentDim\"", "\"latentDims\""), "unknown field 'latentDims'"),
                Arguments.of(base.replace("[200,200],\"latentDim\"", "[200,0],\"latentDim\""), "'encoderHidden' must be an array of positive integers, got 0 at index 1"),
                Arguments.of(base.replace("\"decoderHidden\":[200,200]", "\"decoderHidden\":200"), "'decoderHidden' must be an array"),
                Arguments.of(base.replace("\"tanh\"", "\"sigmoid\""), "'activation' must be one of tanh, relu, softplus, elu, identity, got \"sigmoid\""),
                Arguments.of(base.replace("\"bernoulli\"", "\"poisson\""), "'likelihood.kind' must be bernoulli, gaussian or categorical"),
                Arguments.of(base.replace("{\"kind\":\"bernoulli\"}", "{\"kind\":\"bernoulli\",\"alphabetSize\":2}"), "'likelihood.alphabetSize' does not apply to a bernoulli"),
                Arguments.of(base.replace("{\"kind\":\"bernoulli\"}", "{\"kind\":\"gaussian\"}"), "field 'likelihood.variance' is missing"),
                Arguments.of(base.replace("{\"kind\":\"bernoulli\"}", "{\"kind\":\"gaussian\",\"variance\":\"pixel\"}"), "'likelihood.variance' must be feature, example or fixed"),
                Arguments.of(base.replace("{\"kind\":\"bernoulli\"}", "{\"kind\":\"gaussian\",\"variance\":\"fixed\"}"), "field 'likelihood.fixedVariance' is missing"),
                Arguments.of(base.replace("{\"kind\":\"bernoulli\"}", "{\"kind\":\"gaussian\",\"variance\":\"fixed\",\"fixedVariance\":0}"), "'likelihood.fixedVariance' must be a positive number, got 0"),
                Arguments.of(base.replace("{\"kind\":\"bernoulli\"}", "{\"kind\":\"gaussian\",\"variance\":\"feature\",\"fixedVariance\":1}"), "'likelihood.fixedVariance' does not apply"),
                Arguments.of(base.replace("{\"kind\":\"bernoulli\"}", "{\"kind\":\"categorical\",\"alphabetSize\":21}"), "inputDim 784 is not a multiple of the alphabet size 21"),
                Arguments.of(base.replace("{\"kind\":\"bernoulli\"}", "{\"kind\":\"categorical\",\"alphabetSize\":1}"), "'likelihood.alphabetSize' must be at least 2"),
                Arguments.of(base.replace("{\"kind\":\"bernoulli\"}", "\"bernoulli\""), "field 'likelihood' must be an object"),
                Arguments.of(base.substring(0, 40), "malformed: End of input at line 1, column 41"),
                Arguments.of(base.replace("{\"inputDim\":784,", "{\"inputDim\":784,\"inputDim\":5,"), "field 'inputDim' appears twice"),
                Arguments.of(base + " {}", "malformed"),
                Arguments.of(base.replace("\"inputDim\"", "inputDim"), "malformed"),
                Arguments.of("[1, 2]", "the spec must be an object"),
                Arguments.of("", "malformed"));
    }

    @ParameterizedTest
    @MethodSource("badJson")
    void badJsonIsRejectedWithAOneLineMessageNamingTheField(String json, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VaeSpec.fromJson(json), json);
        assertTrue(e.getMessage().startsWith("VaeSpec JSON: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), "expected \"" + expected + "\" in: " + e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void constructorValidates() {
        assertThrows(IllegalArgumentException.class,
                () -> new VaeSpec(0, List.of(), 2, List.of(), Activation.TANH, LikelihoodSpec.bernoulli()));
        assertThrows(IllegalArgumentException.class,
                () -> new VaeSpec(4, List.of(3, -1), 2, List.of(), Activation.TANH, LikelihoodSpec.bernoulli()));
        assertThrows(IllegalArgumentException.class,
                () -> new VaeSpec(4, List.of(), 2, List.of(), null, LikelihoodSpec.bernoulli()));
        // the lists are copied: later changes to the caller's list do not change the spec
        java.util.ArrayList<Integer> hidden = new java.util.ArrayList<>(List.of(3));
        VaeSpec spec = new VaeSpec(4, hidden, 2, hidden, Activation.TANH, LikelihoodSpec.bernoulli());
        hidden.add(5);
        assertEquals(List.of(3), spec.encoderHidden());
    }
}
