/** Reading experiment files (YAML or JSON) with errors that name the field and the fix. */
package org.nas4j.core.config;
