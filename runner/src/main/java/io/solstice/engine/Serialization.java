package io.solstice.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;

/**
 * Java serialization to and from byte arrays. Everything the engine passes through Ray goes as
 * {@code byte[]}: Ray ships those without its FST serializer.
 */
public final class Serialization {
  private Serialization() {}

  public static byte[] toBytes(Serializable value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot serialize " + value.getClass().getName(), e);
    }
    return bytes.toByteArray();
  }

  public static <T> T fromBytes(byte[] bytes, Class<T> type) {
    try (ObjectInputStream in = new ContextClassLoaderObjectInputStream(new ByteArrayInputStream(bytes))) {
      return type.cast(in.readObject());
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalArgumentException("Cannot deserialize a " + type.getSimpleName(), e);
    }
  }

  /** Resolves classes through the thread's context loader, where user code lives. */
  private static final class ContextClassLoaderObjectInputStream extends ObjectInputStream {
    ContextClassLoaderObjectInputStream(InputStream in) throws IOException {
      super(in);
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      if (loader != null) {
        try {
          return Class.forName(desc.getName(), false, loader);
        } catch (ClassNotFoundException e) {
          // Fall back to the default resolution below.
        }
      }
      return super.resolveClass(desc);
    }
  }
}
