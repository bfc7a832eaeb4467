package dev.bindery.features;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bindery.features.BinderyBundles.Bundle;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The distribution's etc/bindery samples document every setting the bundles declare: for each configuration PID in a
 * bundle's metatype there is a sample ({@code <pid>.cfg.sample}, or {@code <pid>-NAME.cfg.sample} for a factory), it
 * has a line {@code key = value} for every attribute, a value equal to the declared default where there is one, and
 * etc/bindery/README.txt lists it.
 */
class ConfigurationSamplesTest {
    private static final Pattern SETTING = Pattern.compile("^([A-Za-z][A-Za-z0-9_.-]*)\\s*=\\s*(.*?)\\s*$",
            Pattern.MULTILINE);

    /** One PID of a bundle's metatype: its attributes' ids and defaults (null: none). */
    record Designate(String bundle, String pid, boolean factory, Map<String, String> defaults) {
    }

    @Test
    void everyConfigurationPidHasASampleWithEverySettingAndItsDefault() throws Exception {
        Path samples = Paths.get(System.getProperty("bindery.samples.dir",
                "../assembly/src/main/resources/assembly/etc/bindery"));
        assertTrue(Files.isDirectory(samples), samples + " is not a folder");
        String readme = Files.readString(samples.resolve("README.txt"));
        List<Designate> designates = new ArrayList<>();
        for (Bundle b : BinderyBundles.all().values()) {
            for (String entry : b.entries("OSGI-INF/metatype/")) {
                if (entry.endsWith(".xml")) {
                    try (InputStream in = b.open(entry)) {
                        designates.addAll(designates(b.symbolicName(), in));
                    }
                }
            }
        }
        assertFalse(designates.isEmpty(), "no bundle declares a configuration");
        List<String> problems = new ArrayList<>();
        TreeSet<String> used = new TreeSet<>();
        for (Designate d : designates) {
            String fileName = d.pid() + (d.factory() ? "-NAME" : "") + ".cfg.sample";
            Path sample = samples.resolve(fileName);
            if (!Files.isRegularFile(sample)) {
                problems.add(d.bundle() + ": no sample " + fileName + " for " + (d.factory() ? "factory " : "")
                        + "PID " + d.pid());
                continue;
            }
            used.add(fileName);
            if (!readme.contains(fileName)) {
                problems.add("README.txt does not list " + fileName);
            }
            Map<String, String> values = new LinkedHashMap<>();
            Matcher m = SETTING.matcher(Files.readString(sample));
            while (m.find()) {
                values.put(m.group(1), m.group(2));
            }
            for (Map.Entry<String, String> a : d.defaults().entrySet()) {
                String key = a.getKey();
                if (!values.containsKey(key)) {
                    problems.add(fileName + " does not document " + key);
                } else if (a.getValue() != null && !a.getValue().isEmpty() && !same(a.getValue(), values.get(key))) {
                    problems.add(fileName + ": " + key + " = " + values.get(key) + ", but its default is "
                            + a.getValue());
                }
            }
            for (String key : values.keySet()) {
                if (!d.defaults().containsKey(key)) {
                    problems.add(fileName + " sets " + key + ", which " + d.bundle() + " does not declare");
                }
            }
        }
        try (Stream<Path> files = Files.list(samples)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cfg.sample"))
                    .filter(n -> !used.contains(n))
                    .forEach(n -> problems.add(n + " is the sample of no declared configuration"));
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private static boolean same(String declared, String sample) {
        if (declared.equals(sample)) {
            return true;
        }
        try {
            return Double.parseDouble(declared) == Double.parseDouble(sample);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static List<Designate> designates(String bundle, InputStream xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(xml);
        Map<String, Map<String, String>> ocds = new LinkedHashMap<>();
        NodeList ocdNodes = doc.getElementsByTagNameNS("*", "OCD");
        for (int i = 0; i < ocdNodes.getLength(); i++) {
            Element ocd = (Element) ocdNodes.item(i);
            Map<String, String> defaults = new LinkedHashMap<>();
            NodeList ads = ocd.getElementsByTagNameNS("*", "AD");
            for (int j = 0; j < ads.getLength(); j++) {
                Element ad = (Element) ads.item(j);
                defaults.put(ad.getAttribute("id"), ad.hasAttribute("default") ? ad.getAttribute("default") : null);
            }
            ocds.put(ocd.getAttribute("id"), defaults);
        }
        List<Designate> result = new ArrayList<>();
        NodeList designates = doc.getElementsByTagNameNS("*", "Designate");
        for (int i = 0; i < designates.getLength(); i++) {
            Element d = (Element) designates.item(i);
            boolean factory = d.hasAttribute("factoryPid") && !d.getAttribute("factoryPid").isEmpty();
            String pid = factory ? d.getAttribute("factoryPid") : d.getAttribute("pid");
            NodeList objects = d.getElementsByTagNameNS("*", "Object");
            String ocdRef = objects.getLength() == 0 ? "" : ((Element) objects.item(0)).getAttribute("ocdref");
            result.add(new Designate(bundle, pid, factory, ocds.getOrDefault(ocdRef, Map.of())));
        }
        return result;
    }
}
