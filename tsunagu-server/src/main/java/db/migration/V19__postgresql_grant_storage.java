package db.migration;

import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * On PostgreSQL, the grants' index by delegation holds only the grants a proxy made under one (a partial index,
 * as {@link V12__postgresql_storage} made the others): every other grant, a client-credentials grant among them,
 * no longer adds an entry to it. And a grant stays in its row up to the largest row a page holds
 * ({@code toast_tuple_target}): a sealed client-credentials grant of some 3 KB was moved out of the row into two
 * chunks of the TOAST table, three more rows and index entries written per grant for nothing, since ciphertext does
 * not compress. H2 has neither; there this migration does nothing.
 */
public class V19__postgresql_grant_storage extends BaseJavaMigration {

	@Override
	public void migrate(Context context) throws Exception {
		if (!"PostgreSQL".equals(context.getConnection().getMetaData().getDatabaseProductName())) {
			return;
		}
		try (Statement sql = context.getConnection().createStatement()) {
			sql.execute("DROP INDEX oidc_authorization_by_delegation");
			sql.execute("CREATE INDEX oidc_authorization_by_delegation ON oidc_authorization (delegation_id) "
					+ "WHERE delegation_id IS NOT NULL");
			sql.execute("ALTER TABLE oidc_authorization SET (toast_tuple_target = 8160)");
		}
	}

}
