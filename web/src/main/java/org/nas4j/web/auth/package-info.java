/** The access token: created once with owner-only permissions, checked on controls, and on everything off loopback. */
package org.nas4j.web.auth;
