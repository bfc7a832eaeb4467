package dev.bindery.http.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Holds the API's configuration (PID {@code dev.bindery.http}) apart from the servlet. DS copies a component's
 * configuration into its service properties; on the servlet that would make the HTTP whiteboard unregister and
 * register it again at every change, dropping requests in flight. The servlet instead reads {@link #current()} per
 * request, and a change takes effect without touching the servlet's registration.
 */
@Component(service = HttpSettings.class, immediate = true, configurationPid = HttpSettings.PID)
@Designate(ocd = HttpConfig.class)
public final class HttpSettings {
    static final String PID = "dev.bindery.http";

    private volatile Settings current;

    @Activate
    public HttpSettings(HttpConfig config) {
        this.current = new Settings(config, null);
    }

    @Modified
    void modified(HttpConfig config) {
        this.current = new Settings(config, current.queue);
    }

    Settings current() {
        return current;
    }
}
