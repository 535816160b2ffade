package org.tsunagu.fuzz;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Measures what a fuzzed request costs the server (the bytes its thread allocated) and counts what it writes: every
 * INSERT, UPDATE, DELETE or MERGE a request's thread sends to the
 * database that changes a row or fails, by table, so that a target can tell whether a refused request wrote
 * anything (a DELETE that matched no row did not). Background work (the log's
 * integration, housekeeping) runs on other threads and is not counted.
 */
@Configuration(proxyBeanMethods = false)
public class FuzzWrites {

	private static final ThreadLocal<Boolean> IN_REQUEST = ThreadLocal.withInitial(() -> false);

	/** The statements written during the current request, by the first table each names. */
	static final Set<String> WRITES = ConcurrentHashMap.newKeySet();

	/** What the last request's thread allocated while the server handled it, in bytes. */
	static volatile long allocated;

	private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory
		.getThreadMXBean();

	@Bean
	static BeanPostProcessor fuzzCountingDataSource() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof DataSource dataSource && !Proxy.isProxyClass(bean.getClass())) {
					return proxy(DataSource.class, dataSource);
				}
				return bean;
			}
		};
	}

	@Bean
	FilterRegistrationBean<OncePerRequestFilter> fuzzRequests() {
		FilterRegistrationBean<OncePerRequestFilter> bean = new FilterRegistrationBean<>(new OncePerRequestFilter() {
			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
					throws ServletException, IOException {
				IN_REQUEST.set(true);
				long before = THREADS.getCurrentThreadAllocatedBytes();
				try {
					chain.doFilter(request, response);
				}
				finally {
					allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
					IN_REQUEST.set(false);
				}
			}
		});
		bean.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return bean;
	}

	@SuppressWarnings("unchecked")
	private static <T> T proxy(Class<T> type, Object target) {
		InvocationHandler handler = (p, method, args) -> {
			record(method, args);
			Object result;
			try {
				result = method.invoke(target, args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
			if (result instanceof Connection connection) {
				return proxy(Connection.class, connection);
			}
			if (result instanceof java.sql.PreparedStatement statement && args != null && args[0] instanceof String sql) {
				return statementProxy(statement, sql);
			}
			if (result instanceof Statement statement && !(result instanceof java.sql.PreparedStatement)) {
				return proxy(Statement.class, statement);
			}
			return result;
		};
		return (T) Proxy.newProxyInstance(FuzzWrites.class.getClassLoader(), new Class<?>[] { type }, handler);
	}

	private static Object statementProxy(java.sql.PreparedStatement statement, String sql) {
		return Proxy.newProxyInstance(FuzzWrites.class.getClassLoader(),
				new Class<?>[] { java.sql.PreparedStatement.class }, (p, method, args) -> {
					Object result;
					try {
						result = method.invoke(statement, args);
					}
					catch (InvocationTargetException ex) {
						// a statement that failed (a duplicate key, for one) was still an attempt to write
						if (method.getName().startsWith("execute")) {
							count(sql);
						}
						throw ex.getCause();
					}
					if (method.getName().startsWith("execute") && changed(statement, result)) {
						count(sql);
					}
					return result;
				});
	}

	/** Whether an executed statement changed anything: a DELETE or UPDATE that matched no row wrote nothing. */
	private static boolean changed(Statement statement, Object result) throws java.sql.SQLException {
		if (result instanceof Integer count) {
			return count != 0;
		}
		if (result instanceof Long count) {
			return count != 0;
		}
		if (result instanceof int[] counts) {
			return java.util.Arrays.stream(counts).anyMatch((c) -> c != 0);
		}
		if (result instanceof Boolean resultSet) {
			return resultSet || statement.getUpdateCount() != 0;
		}
		return true;
	}

	private static void record(Method method, Object[] args) {
		if (method.getDeclaringClass() == Statement.class && method.getName().startsWith("execute") && args != null
				&& args.length > 0 && args[0] instanceof String sql) {
			count(sql);
		}
	}

	private static void count(String sql) {
		if (!IN_REQUEST.get()) {
			return;
		}
		String s = sql.strip().toLowerCase(Locale.ROOT);
		if (s.startsWith("insert") || s.startsWith("update") || s.startsWith("delete") || s.startsWith("merge")) {
			String[] words = s.replaceAll("[^a-z0-9_ ]", " ").trim().split("\\s+");
			int at = s.startsWith("update") ? 1 : 2;
			WRITES.add(words.length > at ? words[at] : s);
		}
	}

}
