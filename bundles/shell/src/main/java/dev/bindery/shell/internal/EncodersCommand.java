package dev.bindery.shell.internal;

import dev.bindery.api.encoder.ModalityEncoder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.framework.BundleContext;

/** {@code bindery:encoders}: the registered modality encoders, the one the pipeline uses per modality first. */
@Service
@Command(scope = "bindery", name = "encoders", description = "Lists the registered modality encoders")
public class EncodersCommand implements Action {
    @Reference
    BundleContext context;

    @Option(name = "--json", description = "Print JSON instead of a table")
    boolean json;

    @Override
    public Object execute() {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("modality", ModalityEncoder.MODALITY);
        columns.put("device", ModalityEncoder.DEVICE);
        columns.put("model", ModalityEncoder.MODEL_ID);
        columns.put("dimension", ModalityEncoder.DIMENSION);
        RowPrinter.print(System.out, ServiceRows.of(context, ModalityEncoder.class, columns), json,
                "No modality encoder is registered.");
        return null;
    }
}
