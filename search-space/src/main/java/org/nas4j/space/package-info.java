/** The CNN search space: its configuration, the op catalogue, and the decision-to-network mapping. */
package org.nas4j.space;
