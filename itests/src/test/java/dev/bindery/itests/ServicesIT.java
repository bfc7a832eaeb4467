package dev.bindery.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import dev.bindery.api.assistant.Assistant;
import dev.bindery.api.strategy.GenerationStrategy;
import java.util.Collection;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/** The registered services are visible, the bindery: commands run, and one provider stopping leaves the rest serving. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class ServicesIT extends BinderyTestSupport {

    @Test
    public void theNaiveStrategyIsRegistered() throws Exception {
        Collection<ServiceReference<GenerationStrategy>> refs =
                context.getServiceReferences(GenerationStrategy.class, "(" + GenerationStrategy.NAME + "=naive)");
        assertEquals(1, refs.size());
        GenerationStrategy naive = context.getService(refs.iterator().next());
        try {
            assertEquals("naive", naive.name());
        } finally {
            context.ungetService(refs.iterator().next());
        }
    }

    @Test
    public void theCacheEnhancedStrategyIsRegistered() throws Exception {
        // Registered with no configuration and no cache: a missing cache is reported when a request uses it.
        ServiceReference<GenerationStrategy> ref = await(GenerationStrategy.class,
                "(" + GenerationStrategy.NAME + "=cache-enhanced)");
        assertEquals(1, context.getServiceReferences(GenerationStrategy.class,
                "(" + GenerationStrategy.NAME + "=cache-enhanced)").size());
        assertEquals("dev.bindery.runtime", ref.getBundle().getSymbolicName());
        GenerationStrategy strategy = context.getService(ref);
        try {
            assertEquals("cache-enhanced", strategy.name());
        } finally {
            context.ungetService(ref);
        }
        assertTrue(execute("bindery:strategies").contains("cache-enhanced"));
    }

    @Test
    public void theAssistantIsRegisteredWithoutConfiguration() throws Exception {
        ServiceReference<Assistant> ref = await(Assistant.class, null);
        assertEquals(1, context.getServiceReferences(Assistant.class, null).size());
        assertEquals("dev.bindery.runtime", ref.getBundle().getSymbolicName());
        assertNotNull(context.getService(ref));
        context.ungetService(ref);
    }

    @Test
    public void listingCommandsRunAndShowTheRegisteredServices() throws Exception {
        String strategies = execute("bindery:strategies");
        assertTrue(strategies, strategies.contains("naive"));
        assertTrue(strategies, strategies.contains("dev.bindery.runtime"));
        String json = execute("bindery:strategies --json");
        assertTrue(json, json.replaceAll("\\s", "").contains("\"strategy\":\"naive\""));
        String encoders = execute("bindery:encoders --json");
        assertTrue(encoders, encoders.trim().startsWith("["));
        String models = execute("bindery:models");
        assertTrue(models, models.contains("registered") || models.contains("kind"));
    }

    @Test
    public void stoppingOneProviderLeavesTheOthersServing() throws Exception {
        Bundle runtime = bundle("dev.bindery.runtime");
        ServiceTracker<GenerationStrategy, GenerationStrategy> strategies =
                new ServiceTracker<>(context, GenerationStrategy.class, null);
        strategies.open();
        try {
            assertNotNull("naive strategy", strategies.waitForService(10_000));
            runtime.stop();
            assertEquals("strategies after the runtime bundle stopped", 0, strategies.size());
            String listing = execute("bindery:strategies");
            assertTrue(listing, listing.contains("No generation strategy is registered"));
            try {
                execute("bindery:ask Hello");
                throw new AssertionError("bindery:ask answered without an assistant");
            } catch (Exception expected) {
                assertTrue(expected.toString(), expected.toString().contains("no assistant is registered"));
            }
            // The other providers and the shell go on serving.
            assertTrue(execute("bindery:encoders --json").trim().startsWith("["));
            assertEquals(Bundle.ACTIVE, bundle("dev.bindery.shell").getState());
            assertEquals(Bundle.ACTIVE, bundle("dev.bindery.tensor").getState());
            assertEquals(Bundle.ACTIVE, bundle("dev.bindery.onnxruntime").getState());
        } finally {
            runtime.start();
        }
        try {
            assertNotNull("naive strategy is back after a restart", strategies.waitForService(10_000));
            assertTrue(execute("bindery:strategies").contains("naive"));
        } finally {
            strategies.close();
        }
    }

    /** The service, waiting for it (another test may have just restarted its bundle). */
    private <S> ServiceReference<S> await(Class<S> type, String filter) throws Exception {
        ServiceTracker<S, S> tracker = new ServiceTracker<>(context,
                filter == null ? context.createFilter("(objectClass=" + type.getName() + ")")
                        : context.createFilter("(&(objectClass=" + type.getName() + ")" + filter + ")"), null);
        tracker.open();
        try {
            assertNotNull(type.getSimpleName() + " " + (filter == null ? "" : filter) + " registered",
                    tracker.waitForService(10_000));
            return tracker.getServiceReference();
        } finally {
            tracker.close();
        }
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("bundle " + symbolicName + " is not installed");
    }
}
