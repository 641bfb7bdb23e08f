/** The REST API under {@code /api/}: thin handlers that check parameters and read through the queries. */
package org.nas4j.web.api;
