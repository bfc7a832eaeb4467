package dev.bindery.itests;

import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivilegedExceptionAction;
import java.util.Set;
import javax.inject.Inject;
import javax.security.auth.Subject;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.KarafDistributionOption;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.osgi.framework.BundleContext;

/**
 * Boots the Bindery distribution built by this reactor (the assembly's tar.gz, which holds every bundle in its
 * system/ folder) once for all test classes, and runs shell commands in it as an administrator.
 */
public abstract class BinderyTestSupport {
    @Inject
    protected BundleContext context;

    @Inject
    protected SessionFactory sessionFactory;

    @Configuration
    public Option[] config() {
        String localRepo = System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository");
        return new Option[] {
            karafDistributionConfiguration()
                    // The reactor's own tar.gz, by file: Pax Exam resolves mvn: URLs itself and would otherwise
                    // boot whatever older build sits in the local repository.
                    .frameworkUrl(new File(System.getProperty("bindery.assembly")).toURI().toString())
                    .karafVersion(System.getProperty("karaf.version"))
                    .name("Bindery")
                    .unpackDirectory(new File(System.getProperty("bindery.exam.dir", "target/exam")))
                    .useDeployFolder(false),
            configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
            // Pax Exam's bundles (and so the test probe) start after the boot features: a probe installed while the
            // features service is still deploying is refused by its resolver hook.
            KarafDistributionOption.useOwnExamBundlesStartLevel(100),
            logLevel(LogLevel.WARN),
            // Pax Exam starts java itself and ignores bin/setenv (platform notes, pitfall 4).
            CoreOptions.vmOption("--add-modules=jdk.incubator.vector"),
            // A loaded 2-core CI machine can take minutes to boot the container; fail late rather than flakily.
            CoreOptions.systemTimeout(600_000),
            // Pax Exam's own bundles come from the local repository; never wait on unreachable snapshot repositories.
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.repositories",
                    "https://repo1.maven.org/maven2@id=central"),
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                    localRepo),
            systemProperty("bindery.golden.dir").value(System.getProperty("bindery.golden.dir")),
        };
    }

    /** Runs a shell command as an administrator and returns what it printed; a failing command fails the test. */
    protected String execute(String command) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = sessionFactory.create(System.in, out, out);
        try {
            // Commands check the caller's roles (platform notes, pitfall 6).
            Subject subject = new Subject(false, Set.of(new UserPrincipal("itest"), new RolePrincipal("admin"),
                    new RolePrincipal("manager"), new RolePrincipal("viewer"),
                    new RolePrincipal("systembundles")), Set.of(), Set.of());
            Subject.doAs(subject, (PrivilegedExceptionAction<Object>) () -> session.execute(command));
        } finally {
            session.close();
        }
        out.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
