// DynamoDB Local, listening on 127.0.0.1 only.
//
// DynamoDBLocal.jar has no option for the address it listens on: its Jetty server takes every
// interface, so anyone on the network could read and change the local data. This launcher
// builds the server exactly as the jar's own main does (same arguments), sets its connector's
// host to 127.0.0.1, then starts it. Java runs it straight from this source file
// (`java -cp DynamoDBLocal.jar LoopbackDynamoDBLocal.java -port N …`), which needs a JDK
// (the jdk.compiler module); infra/devstack/dynamodb.py falls back to the plain jar without one.

import java.lang.reflect.Field;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

public class LoopbackDynamoDBLocal {
    public static void main(String[] args) throws Exception {
        String host = System.getProperty("mentorkit.host", "127.0.0.1");
        DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
        Field field = DynamoDBProxyServer.class.getDeclaredField("server");
        field.setAccessible(true);
        Server server = (Server) field.get(proxy);
        int bound = 0;
        for (Connector connector : server.getConnectors()) {
            if (connector instanceof ServerConnector) {
                ((ServerConnector) connector).setHost(host);
                bound++;
            }
        }
        if (bound == 0) {
            throw new IllegalStateException("DynamoDB Local has no ServerConnector to bind to " + host);
        }
        proxy.start();
        System.out.println("DynamoDB Local listening on " + host);
        proxy.join();
    }
}
