/** How well a shared-weight search's scores rank children, against their stand-alone training. */
package org.nas4j.bench.shared;
