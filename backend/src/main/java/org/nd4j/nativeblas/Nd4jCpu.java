package org.nd4j.nativeblas;

import java.lang.reflect.Method;

/**
 * Fixes DL4J 1.0.0-M2.1's oneDNN switch. DL4J decides whether its oneDNN layer helpers may run by calling
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment.getInstance().isUseMKLDNN()} by reflection, but M2.1
 * ships that class as {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment}, with the method
 * renamed {@code isUseONEDNN}, so the lookup fails and oneDNN is never used. This class answers under the
 * old names by delegating to the real ones.
 * On any other backend the real class is absent and oneDNN is reported off.
 */
public final class Nd4jCpu {
    private static final String REAL = "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment";

    private Nd4jCpu() {}

    /** The subset of the native environment that DL4J's helpers query by reflection. */
    public static final class Environment {
        private static final Environment INSTANCE = new Environment();

        private Environment() {}

        public static Environment getInstance() {
            return INSTANCE;
        }

        public boolean isUseMKLDNN() {
            Object on = call("isUseONEDNN", new Class<?>[0]);
            return Boolean.TRUE.equals(on);
        }

        public void setUseMKLDNN(boolean on) {
            call("setUseONEDNN", new Class<?>[] {boolean.class}, on);
        }

        private static Object call(String method, Class<?>[] types, Object... args) {
            try {
                Class<?> real = Class.forName(REAL);
                Object env = real.getMethod("getInstance").invoke(null);
                Method m = real.getMethod(method, types);
                return m.invoke(env, args);
            } catch (ReflectiveOperationException | LinkageError e) {
                return null;
            }
        }
    }
}
