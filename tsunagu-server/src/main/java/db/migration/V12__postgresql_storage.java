package db.migration;

import java.sql.Statement;
import java.util.List;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Storage settings that only PostgreSQL has, for the OpenID Provider's busiest tables; on H2 this migration does
 * nothing, so both databases keep the same tables, columns and constraints:
 * <ul>
 * <li>the grants' lookup indexes hold only the rows that have that code or token (partial indexes): a
 * client-credentials grant has an access token and nothing else, so it updates four indexes (its key among them) instead of eight;</li>
 * <li>the sealed grant is stored without compression (it is AES-GCM ciphertext, which does not compress).</li>
 * </ul>
 * Used {@code jti}s stay in a logged table: an unlogged one would save write-ahead log, but starts empty after a
 * crash and on a standby after failover, which would let an assertion or DPoP proof be replayed in the minutes
 * after (decision 11).
 */
public class V12__postgresql_storage extends BaseJavaMigration {

	@Override
	public void migrate(Context context) throws Exception {
		if (!"PostgreSQL".equals(context.getConnection().getMetaData().getDatabaseProductName())) {
			return;
		}
		try (Statement sql = context.getConnection().createStatement()) {
			for (List<String> index : List.of(List.of("state", "state_hash"), List.of("code", "code_hash"),
					List.of("access", "access_token_hash"), List.of("refresh", "refresh_token_hash"),
					List.of("id_token", "id_token_hash"))) {
				String name = "oidc_authorization_by_" + index.get(0);
				sql.execute("DROP INDEX " + name);
				sql.execute("CREATE INDEX " + name + " ON oidc_authorization (" + index.get(1) + ") WHERE " + index.get(1)
						+ " IS NOT NULL");
			}
			sql.execute("ALTER TABLE oidc_authorization ALTER COLUMN sealed SET STORAGE EXTERNAL");
		}
	}

}
