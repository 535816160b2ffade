/**
 * What every module shares at the HTTP edge: RFC 9457 problem details with JSON pointers, request ids, request
 * size limits, and the server's data directory.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Platform", type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package org.tsunagu.platform;
