package farine;

import java.util.Locale;

/** The naming rule of PROTOCOL.md §1: {@code @Service("x")} if given, else the simple class name in lower case. */
public final class ServiceName {

    private ServiceName() {
    }

    public static String of(Class<?> serviceClass) {
        Service service = serviceClass.getAnnotation(Service.class);
        if (service != null && !service.value().isBlank()) {
            return service.value();
        }
        return serviceClass.getSimpleName().toLowerCase(Locale.ROOT);
    }
}
