package dev.bindery.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import javax.inject.Inject;
import org.apache.karaf.features.BundleInfo;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.framework.Bundle;

/** Every Bindery feature is installed in the booted distribution and each of its bundles is active. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class FeaturesIT extends BinderyTestSupport {
    @Inject
    FeaturesService features;

    @Test
    public void everyBinderyFeatureIsInstalledWithActiveBundles() throws Exception {
        List<Feature> bindery = new ArrayList<>();
        for (Feature feature : features.listFeatures()) {
            if (feature.getName().startsWith("bindery")) {
                bindery.add(feature);
            }
        }
        assertFalse("no bindery feature in the distribution", bindery.isEmpty());
        List<String> problems = new ArrayList<>();
        for (Feature feature : bindery) {
            if (!features.isInstalled(feature)) {
                problems.add("feature " + feature.getName() + " is not installed");
                continue;
            }
            for (BundleInfo info : feature.getBundles()) {
                Bundle bundle = bundleAt(info.getLocation());
                if (bundle == null) {
                    problems.add(feature.getName() + ": bundle " + info.getLocation() + " is not installed");
                } else if (bundle.getState() != Bundle.ACTIVE) {
                    problems.add(feature.getName() + ": bundle " + bundle.getSymbolicName() + " is in state "
                            + bundle.getState() + ", not ACTIVE");
                }
            }
        }
        assertEquals("feature problems: " + problems, 0, problems.size());
        assertTrue("the umbrella feature 'bindery' is missing",
                bindery.stream().anyMatch(f -> f.getName().equals("bindery")));
    }

    private Bundle bundleAt(String location) {
        for (Bundle bundle : context.getBundles()) {
            if (location.equals(bundle.getLocation())) {
                return bundle;
            }
        }
        return null;
    }
}
