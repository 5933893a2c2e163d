resource "azurerm_mssql_firewall_rule" "azure_services" {
  name             = "AllowAzureServices"
  server_id        = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-data/providers/Microsoft.Sql/servers/sql-orders"
  start_ip_address = "0.0.0.0"
  end_ip_address   = "0.0.0.0" # fail: rule
}
