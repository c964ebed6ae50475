package io.bedside.app.lab;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts one disposable lab host ({@code lab/bedside-lab up}) for the annotated test class and
 * stops it after the last test; test methods and {@code @BeforeAll} methods receive it as a
 * {@link Lab} parameter.
 *
 * <p>Without root, Linux or the lab's tools the class is skipped with the reason, unless the
 * environment says {@code BEDSIDE_LAB=required} (CI), then it fails with that reason.
 */
@Documented
@Inherited
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(LabExtension.class)
public @interface WithLab {

  /** Also start the jump hosts edge, mid and tgt, reachable only one behind the other. */
  boolean jump() default false;

  /**
   * Also start this many fleet hosts (f001...: each its own sshd, host key and namespaces, on its
   * own port; aliases lab-NAME-f001... in the lab's ssh_config).
   */
  int fleet() default 0;

  /** Lab name; empty means derived from the test class's simple name. */
  String name() default "";
}
