package io.hookbox.support;

import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the annotated test class once on each {@link Backend}: the class takes the {@link Backend} as its
 * constructor's parameter (or as a static {@code @BeforeParameterizedClassInvocation} method's) and opens its
 * server or database on it. The PostgreSQL invocation is skipped when no test server is given.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedClass(name = "on {0}")
@EnumSource(Backend.class)
public @interface BothDatabases {
}
